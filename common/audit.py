"""Audit history (django-pghistory): who changed what, old → new, for every tracked record.

Database triggers record every insert and update, bulk ones included. The
request middleware attaches the user and URL; services also open a context
with the acting user, so commands, imports and tasks are attributed too.
"""

from decimal import Decimal

import pghistory
from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from pghistory.models import Events

from accounts.masking import mask_value
from accounts.models import User
from common.numbers import money

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


def _is_money(field) -> bool:
    """Amounts in đồng: shown as 1.500.000 (the fields say "đồng" or "tiền" in their label, or are amounts)."""
    label = str(field.verbose_name)
    return isinstance(field, models.IntegerField) and (
        "amount" in field.name or "đồng" in label or "tiền" in label or field.name.endswith(("_cost", "_line")))


def _readable(model, name: str, value, names: dict) -> str:
    """A diff value as a person reads it: choice labels, the names of people and records instead of their
    numbers, dd/mm/yyyy dates, amounts as 1.500.000 and decimals with a comma."""
    if value in (None, ""):
        return ""
    field = _field(model, name)
    if field is not None and field.choices:
        return str(dict(field.choices).get(value, value))
    if field is not None and field.is_relation:
        return names.get((field.related_model, value)) or f"#{value}"
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        return f"{value[8:10]}/{value[5:7]}/{value[0:4]}"
    if isinstance(value, bool):
        return str(_("có") if value else _("không"))
    if isinstance(value, int) and field is not None and _is_money(field):
        return money(value)
    if isinstance(value, float | Decimal) or (isinstance(value, str) and field is not None
                                             and isinstance(field, models.DecimalField)):
        number = Decimal(str(value)).normalize()
        return f"{number:f}".replace(".", ",")
    return str(value)


def _names(events) -> dict:
    """(model, pk) → how a person reads that record (a user's full name, a person's name…), for every record the
    events refer to: one query per related model."""
    wanted: dict[type, set] = {}
    for event in events:
        context = event.pgh_context or {}
        if context.get("user"):
            wanted.setdefault(User, set()).add(context["user"])
        tracked = getattr(apps.get_model(event.pgh_model), "pgh_tracked_model", None)
        for key, pair in (event.pgh_diff or {}).items():
            field = _field(tracked, key)
            if field is not None and field.is_relation and isinstance(pair, list):
                wanted.setdefault(field.related_model, set()).update(v for v in pair if v not in (None, ""))
    return {(model, pk): str(obj) for model, pks in wanted.items()
            for pk, obj in model._default_manager.in_bulk(list(pks)).items()}


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
    names = _names(events)
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
            "user": names.get((User, context.get("user")), ""),
            "source": _source(context),
            "changes": changes,  # field name → [old, new], as stored (the API shows these)
            "display": [(_label(tracked, k), *(_readable(tracked, k, v, names) for v in pair))
                        for k, pair in changes.items() if k not in NOT_SHOWN_ON_PAGES],  # pages: label, old, new
        })
    return rows
