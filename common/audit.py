"""Audit history (django-pghistory): who changed what, old → new, for every tracked record.

Database triggers record every insert and update, bulk ones included. The
request middleware attaches the user and URL; services also open a context
with the acting user, so commands, imports and tasks are attributed too.
"""

import pghistory
from django.apps import apps
from django.utils.translation import gettext_lazy as _
from pghistory.models import Events

from accounts.models import User

LABELS = {"insert": _("tạo mới"), "update": _("sửa")}


def acting_as(user, **extra):
    """Return a context manager attributing the writes inside it to ``user``."""
    return pghistory.context(user=user.pk if user else None, **extra)


def history_of(*objs) -> list[dict]:
    """Return the change history of ``objs``, newest first, with readable authors."""
    by_model: dict[type, list] = {}
    for obj in objs:
        by_model.setdefault(type(obj), []).append(obj)
    events = [e for same in by_model.values() for e in Events.objects.tracks(same)]  # one query per model
    events.sort(key=lambda e: (e.pgh_created_at, e.pgh_id), reverse=True)
    user_ids = {e.pgh_context.get("user") for e in events if e.pgh_context}
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=[i for i in user_ids if i])}
    rows = []
    for event in events:
        context = event.pgh_context or {}
        diff = event.pgh_diff or {}
        tracked = getattr(apps.get_model(event.pgh_model), "pgh_tracked_model", None)
        rows.append({
            "at": event.pgh_created_at,
            "model": tracked._meta.verbose_name if tracked else event.pgh_model,
            "label": event.pgh_label,
            "action": LABELS.get(event.pgh_label, event.pgh_label),
            "user": names.get(context.get("user"), ""),
            "source": context.get("url") or context.get("source", ""),
            "changes": {k: v for k, v in diff.items() if k not in ("updated_at", "created_at")},
        })
    return rows
