"""The one mechanism that changes the status of a workflow record."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import TransitionNotAllowed
from common.models import Transition


def transition(obj, *, to: str, by, reason: str = "", fields: dict | None = None):
    """Move ``obj`` (already locked by the caller) to status ``to`` and log who, when and why.

    ``fields`` are further attributes set in the same save (e.g. approved_by).
    Raises TransitionNotAllowed (HTTP 409) when ``to`` is not reachable.
    """
    assert transaction.get_connection().in_atomic_block, "transition() must run inside a transaction"
    ensure_transition_allowed(obj, to)
    current = obj.status
    Transition.objects.create(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk,
        from_status=current, to_status=to, by=by, reason=reason,
    )
    obj.status = to
    obj.status_reason = reason
    for name, value in (fields or {}).items():
        setattr(obj, name, value)
    obj.updated_at = timezone.now()
    obj.save(update_fields=["status", "status_reason", "updated_at", *(fields or {})])
    return obj


def ensure_transition_allowed(obj, to: str, from_statuses: tuple | None = None) -> None:
    """Raise TransitionNotAllowed (409) unless ``obj`` may move to ``to`` from its current status.

    ``from_statuses`` narrows the state machine for one action (approve starts only from submitted).
    Services call it before validating the action's input, so a wrong status answers 409, not 400.
    """
    current = obj.status
    if to not in obj.TRANSITIONS.get(current, ()) or (from_statuses is not None and current not in from_statuses):
        labels = dict(type(obj)._meta.get_field("status").choices)
        raise TransitionNotAllowed(
            _("Không thể chuyển từ “%(current)s” sang “%(target)s”.")
            % {"current": labels.get(current, current), "target": labels.get(to, to)},
            current=current, target=to,
        )


def transitions_of(obj):
    """Return the status history of ``obj``, oldest first."""
    return Transition.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("by")
