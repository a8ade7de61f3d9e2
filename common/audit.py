"""Audit history (django-pghistory): who changed what, old → new, for every tracked record.

Database triggers record every insert and update, bulk ones included. The
request middleware attaches the user and URL; services also open a context
with the acting user, so commands, imports and tasks are attributed too.
"""

import pghistory
from django.apps import apps
from django.utils.translation import gettext_lazy as _
from pghistory.models import Events

from accounts.masking import mask_value
from accounts.models import User

LABELS = {"insert": _("tạo mới"), "update": _("sửa"), "delete": _("xoá")}
HIDDEN = {"updated_at", "created_at"}
NOT_SHOWN_ON_PAGES = HIDDEN | {"submitted_at", "approved_at"}  # the transition log shows these moments


def _field(model, name):
    if model is None:
        return None
    attname = {f.attname: f for f in model._meta.concrete_fields}
    return attname.get(name) or next((f for f in model._meta.concrete_fields if f.name == name), None)


def _label(model, name: str) -> str:
    field = _field(model, name)
    return str(field.verbose_name) if field is not None else name


def _readable(model, name: str, value, names: dict) -> str:
    """A diff value as a person reads it: choice labels, user names, dd/mm/yyyy dates."""
    if value in (None, ""):
        return ""
    field = _field(model, name)
    if field is not None and field.choices:
        return str(dict(field.choices).get(value, value))
    if field is not None and field.is_relation and field.related_model is User:
        return names.get(value) or f"#{value}"
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        return f"{value[8:10]}/{value[5:7]}/{value[0:4]}"
    if isinstance(value, bool):
        return _("có") if value else _("không")
    return str(value)


def acting_as(user, **extra):
    """Return a context manager attributing the writes inside it to ``user``."""
    return pghistory.context(user=user.pk if user else None, **extra)


def _source(context: dict) -> str:
    """Where a change came from: an import or other job ("import #12"), else the page or API URL."""
    if context.get("job"):
        return f"{context.get('source', 'job')} #{context['job']}"
    return context.get("url") or context.get("source", "")


def history_of(*objs, user) -> list[dict]:
    """Return the change history of ``objs``, newest first, with readable authors; identity numbers, accounts and
    phones in the old and new values are masked for a ``user`` who sees them masked (accounts.masking)."""
    by_model: dict[type, list] = {}
    for obj in objs:
        by_model.setdefault(type(obj), []).append(obj)
    events = [e for same in by_model.values() for e in Events.objects.tracks(same)]  # one query per model
    events.sort(key=lambda e: (e.pgh_created_at, e.pgh_id), reverse=True)
    user_ids = {e.pgh_context.get("user") for e in events if e.pgh_context}
    for event in events:  # users named in the diffs too (submitted_by, approved_by…)
        for key, pair in (event.pgh_diff or {}).items():
            if key.endswith("_by_id"):
                user_ids.update(v for v in pair if isinstance(v, int))
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=[i for i in user_ids if i])}
    rows = []
    for event in events:
        context = event.pgh_context or {}
        diff = event.pgh_diff or {}
        tracked = getattr(apps.get_model(event.pgh_model), "pgh_tracked_model", None)
        changes = {k: [mask_value(user, k, x) for x in v] if isinstance(v, list) else v
                   for k, v in diff.items() if k not in HIDDEN}
        rows.append({
            "at": event.pgh_created_at,
            "model": tracked._meta.verbose_name if tracked else event.pgh_model,
            "label": event.pgh_label,
            "action": LABELS.get(event.pgh_label, event.pgh_label),
            "user": names.get(context.get("user"), ""),
            "source": _source(context),
            "changes": changes,  # field name → [old, new], as stored (the API shows these)
            "display": [(_label(tracked, k), *(_readable(tracked, k, v, names) for v in pair))
                        for k, pair in changes.items() if k not in NOT_SHOWN_ON_PAGES],  # pages: label, old, new
        })
    return rows
