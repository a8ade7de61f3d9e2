"""Identity numbers shown in part to the viewer role (statistics staff need counts, not identities)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import Role

# Numbers that identify a person; names, dates and areas stay readable for statistics.
ID_FIELDS = ("national_id", "old_id_number", "social_insurance_number", "health_insurance_number",
             "account_number", "phone", "complainant_id_number", "complainant_phone")


def shows_full_ids(user) -> bool:
    return getattr(user, "role", None) != Role.VIEWER


def ensure_may_download_files(user) -> None:
    """ID-card scans, letters and evidence carry everything the masking hides: not for the viewer (403)."""
    if not shows_full_ids(user):
        raise PermissionDenied(_("Người xem thống kê không tải được giấy tờ, tệp đính kèm có dữ liệu cá nhân."))


def mask(value: str) -> str:
    """027******001: the province code and the last three digits, enough to tell two records apart."""
    if not value:
        return value
    keep = 3 if len(value) > 8 else 1
    return value[:keep] + "*" * (len(value) - 2 * keep) + value[-keep:]


def id_for(user, value: str) -> str:
    return value if shows_full_ids(user) else mask(value)


def mask_value(user, field: str, value):
    """``value`` of ``field`` as ``user`` may see it (the history's old and new values, a single cell)."""
    if field in ID_FIELDS and isinstance(value, str) and not shows_full_ids(user):
        return mask(value)
    return value


def may_search_identifiers(user) -> bool:
    """Whether a search or filter may match on identity numbers: never for a user who sees them masked (a match
    would tell them a guessed number is right). No user: no."""
    return user is not None and shows_full_ids(user)


def mask_record(user, data: dict) -> dict:
    """``data`` (a serialized person or an export row) with its identity numbers masked for ``user``."""
    if shows_full_ids(user):
        return data
    return {k: mask(v) if k in ID_FIELDS and isinstance(v, str) else v for k, v in data.items()}
