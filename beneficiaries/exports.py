"""The persons export, in the layout of the households + persons import template (it imports back)."""

from collections.abc import Callable
from urllib.parse import parse_qs

from accounts.models import Role, User
from accounts.scoping import require_role
from beneficiaries import selectors
from beneficiaries.filters import PersonFilter
from beneficiaries.imports import PERSON_COLUMNS, person_records
from common.exports import xlsx_bytes
from common.importing import DATA_SHEET, rows_as_template
from jobs.models import Job
from jobs.services import job_start

SYNC_LIMIT = 10_000  # a larger export runs as a background job
PERSON_EXPORT = "person_export"  # its kind of job (beneficiaries/jobs.py)


def person_export_queryset(user, query: str):
    """The persons of the list page for ``query`` (its filters), in the user's scope."""
    data = {k: v[-1] for k, v in parse_qs(query).items() if k not in ("export", "page")}
    return PersonFilter(data or None, queryset=selectors.person_list(user=user), user=user).qs


def person_export_workbook(queryset, user, report: Callable[[int], None] | None = None) -> bytes:
    header = [c.title for c in PERSON_COLUMNS]
    return xlsx_bytes(DATA_SHEET, header, rows_as_template(PERSON_COLUMNS, person_records(queryset, user)),
                      report=report)


def person_export_start(*, by: User, query: str) -> Job:
    """Queue the export of the persons list for ``query`` as a background job.

    Anyone with a role reads persons; what the file holds is decided when it runs, as it is for the list page:
    ``by``'s scope (``person_list``) and ``by``'s view of ID numbers (masked for a viewer).
    """
    require_role(by, *Role.values)
    return job_start(by=by, kind=PERSON_EXPORT, params={"query": query})
