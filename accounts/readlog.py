"""The read log: who viewed, exported or downloaded personal data (accounts.ReadLog). One insert per call;
list pages are not logged, their exports are."""

import datetime

from django.conf import settings
from django.utils import timezone

from accounts.models import ReadKind, ReadLog

FILTER_KEYS_IGNORED = {"page", "export", "csrfmiddlewaretoken"}


def record_read(request, kind: str, what: str, *, object_id: int | None = None, person_id: int | None = None,
                filters=None, rows: int | None = None, user=None) -> None:
    """Record one read by the request's user (or ``user``, for a background job)."""
    user = user or getattr(request, "user", None)
    if filters is None and request is not None:
        filters = {k: v for k, v in request.GET.items() if k not in FILTER_KEYS_IGNORED}
    ReadLog.objects.create(
        user=user if getattr(user, "pk", None) else None, username=getattr(user, "username", "") or "",
        kind=kind, what=what, object_id=object_id, person_id=person_id, filters=filters or {}, rows=rows,
        path=(request.get_full_path()[:300] if request is not None else ""),
        ip=request.META.get("REMOTE_ADDR") if request is not None else None)


def read_log_purge(today: datetime.date | None = None) -> int:
    """Delete the entries older than READ_LOG_RETENTION_DAYS; return how many."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.READ_LOG_RETENTION_DAYS)
    return ReadLog.objects.filter(at__lt=cutoff).delete()[0]


VIEW, EXPORT, DOWNLOAD = ReadKind.VIEW, ReadKind.EXPORT, ReadKind.DOWNLOAD
