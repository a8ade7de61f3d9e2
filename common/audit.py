"""Audit history (django-pghistory): who changed what, old → new, for every tracked record.

Database triggers record every insert and update, bulk ones included. The
request middleware attaches the user and URL; services also open a context
with the acting user, so commands, imports and tasks are attributed too.
"""

import pghistory
from pghistory.models import Events

from accounts.models import User


def acting_as(user, **extra):
    """Return a context manager attributing the writes inside it to ``user``."""
    return pghistory.context(user=user.pk if user else None, **extra)


def history_of(*objs) -> list[dict]:
    """Return the change history of ``objs``, newest first, with readable authors."""
    events = list(Events.objects.tracks(*objs).order_by("-pgh_created_at", "-pgh_id"))
    user_ids = {e.pgh_context.get("user") for e in events if e.pgh_context}
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=[i for i in user_ids if i])}
    rows = []
    for event in events:
        context = event.pgh_context or {}
        diff = event.pgh_diff or {}
        rows.append({
            "at": event.pgh_created_at,
            "model": event.pgh_model,
            "label": event.pgh_label,
            "user": names.get(context.get("user"), ""),
            "source": context.get("url") or context.get("source", ""),
            "changes": {k: v for k, v in diff.items() if k not in ("updated_at", "created_at")},
        })
    return rows
