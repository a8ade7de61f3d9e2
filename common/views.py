"""Page helpers shared by every app."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.masking import ensure_may_download_files
from accounts.readlog import DOWNLOAD, record_read
from common.api import action_serializer
from common.exceptions import DomainError
from common.forms import DECISION_MISSING, decision_missing
from common.workflow import CaseKind


def apply_errors(exc: ValidationError, *forms) -> None:
    """Put each field error of a service's ValidationError on the form that has the field."""
    if not hasattr(exc, "error_dict"):
        forms[0].add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        target = next((f for f in forms if field in f.fields), None)
        if target is None:
            forms[0].add_error(None, [f"{field}: {e}" for e in errors])
        else:
            target.add_error(field, errors)


def attempt(request, call, form=None):
    """Run a service call and return its result; on refusal show why (on ``form`` or as a message), return None."""
    try:
        return call()
    except ValidationError as exc:
        if form is not None:
            apply_errors(exc, form)
        else:
            messages.error(request, " ".join(exc.messages))
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, str(exc) or _("Bạn không được thực hiện thao tác này."))
    return None


def back(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


def paginate(request, queryset, per_page: int = 50):
    """The requested page of ``queryset`` and the query string without ``page``, for the pagination links."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


class UncountedPage:
    """A page found without counting every row: one more row than the page is read to know whether a next page
    exists. For lists whose count costs as much as the list (an indicator's records for a whole province)."""

    paginator = None  # includes/pagination.html shows "Trang N" without a total

    def __init__(self, queryset, number: int, per_page: int):
        rows = list(queryset[(number - 1) * per_page:number * per_page + 1])
        self.object_list, self.number, self._more = rows[:per_page], number, len(rows) > per_page

    def has_next(self) -> bool:
        return self._more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def paginate_uncounted(request, queryset, per_page: int = 50) -> tuple[UncountedPage, str]:
    """``paginate`` without the count (``UncountedPage``); a page number that is not a positive number is 1."""
    try:
        number = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        number = 1
    query = request.GET.copy()
    query.pop("page", None)
    return UncountedPage(queryset, number, per_page), query.urlencode()


DECISION_INPUTS = frozenset({"decision_no", "decision_date"})


def case_action(request, kind: CaseKind, case, name: str) -> bool:
    """Take the declared action ``name`` on ``case`` from a page's POST, read as the API reads it; True if done."""
    body = action_serializer(kind, name)
    data = {}
    post = request.POST
    if DECISION_INPUTS.issubset(kind.inputs(name)) and decision_missing(
            post.get("decision_no"), post.get("decision_date", "").strip(), post.get("without_decision")):
        messages.error(request, DECISION_MISSING)
        return False
    if body is not None:
        parsed = body(data=request.POST)
        if not parsed.is_valid():
            messages.error(request, " ".join(f"{body().fields[field].label}: {' '.join(map(str, errors))}"
                                             for field, errors in parsed.errors.items()))
            return False
        data = parsed.validated_data
    return attempt(request, lambda: kind.run(name, by=request.user, case=case, data=data)) is not None


def private_file(request, stored, *, what: str, object_id: int, person_id: int | None = None) -> FileResponse:
    """A stored upload (ID scan, complaint file) as a download, never inline, for a user the policy lets see it;
    recorded in the read log."""
    ensure_may_download_files(request.user)
    record_read(request, DOWNLOAD, what, object_id=object_id, person_id=person_id, filters={})
    response = FileResponse(stored.open("rb"), as_attachment=True, filename=stored.name.rsplit("/", 1)[-1])
    response["X-Content-Type-Options"] = "nosniff"
    return response
