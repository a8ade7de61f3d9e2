"""Pages for programs, enrollments and facilities. Reads through selectors, writes through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import CASE_DECIDERS
from beneficiaries import selectors as registry
from common.exports import wants_export, xlsx_response
from common.models import CaseStatus
from common.views import attempt, back, case_action
from common.workflow import CASE_ACTIONS, actions_for
from programs import selectors
from programs.authority import Decisions
from programs.calculator import ZERO, amounts_for, month_start
from programs.forms import DayForm, EnrollmentForm, EnrollmentQueueFilterForm
from programs.queues import decided_by
from programs.services import enrollments


def enrollment_actions(user, enrollment, decisions: Decisions | None = None):
    decisions = decisions or Decisions(user)
    return actions_for(user, enrollment, can_decide=decisions.enrollment(enrollment), url_for=lambda action: reverse(
        "programs:enrollment_action", args=[enrollment.pk, action]))


def person_enrollments(user, person):
    """The person's enrollments with this month's amount and the actions the user may take (person page); a
    proposal shows what it would pay once approved (``with_expected_amounts``)."""
    rows = list(selectors.enrollment_list(user=user).filter(person=person))
    this_month = month_start(timezone.localdate())
    amounts = amounts_for([e.pk for e in rows if e.status != CaseStatus.SUBMITTED], this_month)
    for enrollment in rows:
        enrollment.actions = enrollment_actions(user, enrollment)
        result = amounts.get(enrollment.pk, ZERO)
        enrollment.this_month, enrollment.issues = result.amount, [*result.problems, *result.notes]
        enrollment.has_problem = bool(result.problems)
    with_expected_amounts([e for e in rows if e.status == CaseStatus.SUBMITTED])
    return rows


def with_expected_amounts(proposals) -> None:
    """Set on each proposal ``expected_month`` (this month, or its first month if later) and what it would pay
    then once approved (``this_month``, ``issues``, ``has_problem``): the decider sees the amount, or why the rules
    give none, before approving."""
    today = month_start(timezone.localdate())
    by_month = {}
    for proposal in proposals:
        proposal.expected_month = max(today, month_start(proposal.start_date))
        by_month.setdefault(proposal.expected_month, []).append(proposal)
    for month, group in by_month.items():
        amounts = amounts_for([p.pk for p in group], month, as_if_approved=True)
        for proposal in group:
            result = amounts.get(proposal.pk, ZERO)
            proposal.this_month, proposal.issues = result.amount, [*result.problems, *result.notes]
            proposal.has_problem = bool(result.problems) or proposal.pk not in amounts


@login_required
@require_POST
def enrollment_create(request, person_pk):
    person = get_object_or_404(registry.person_list(user=request.user), pk=person_pk)
    form = EnrollmentForm(request.POST)
    person_page = reverse("beneficiaries:person_detail", args=[person.pk])
    if not form.is_valid():
        messages.error(request, _("Chọn chính sách và ngày bắt đầu hưởng (dd/mm/yyyy)."))
        return back(request, person_page)
    data = form.cleaned_data

    @transaction.atomic
    def propose():
        enrollment = enrollments.enrollment_create(by=request.user, person=person, program=data["program"],
                                                   start_date=data["start_date"], end_date=data["end_date"])
        if data["submit_now"]:
            enrollments.enrollment_submit(by=request.user, enrollment=enrollment)
        return enrollment

    if attempt(request, propose):
        messages.success(request, _("Đã đề nghị hưởng “%(program)s” cho %(name)s.")
                         % {"program": data["program"].name, "name": person.full_name})
    return back(request, person_page)


@login_required
@require_POST
def enrollment_action(request, pk, action):
    if action not in CASE_ACTIONS:
        raise Http404
    enrollment = get_object_or_404(selectors.enrollment_list(user=request.user), pk=pk)
    if case_action(request, enrollments.WORKFLOW, enrollment, action):
        messages.success(request, _("Đã %(action)s: %(name)s — %(program)s.") % {
            "action": CASE_ACTIONS[action].label.lower(), "name": enrollment.person.full_name,
            "program": enrollment.program.name})
    return back(request, reverse("beneficiaries:person_detail", args=[enrollment.person_id]))


@login_required
def enrollment_queue(request):
    if not request.user.has_role(*CASE_DECIDERS):
        raise PermissionDenied
    decisions = Decisions(request.user)
    filters = EnrollmentQueueFilterForm(request.GET or None, user=request.user)
    queue = filters.apply(selectors.enrollment_queue(user=request.user))
    if wants_export(request):
        return xlsx_response(request, "de_nghi_huong", [
            "Số hiệu người", "Họ và tên", "Xã/phường", "Chính sách", "Hưởng từ", "Người gửi", "Gửi lúc"], (
            [e.person_id, e.person.full_name, e.person.area.name, e.program.name, e.start_date,
             str(e.submitted_by or ""), e.submitted_at] for e in queue if decisions.enrollment(e)))
    rows = decided_by(decisions, queue)
    for enrollment in rows:
        enrollment.actions = enrollment_actions(request.user, enrollment, decisions)
    with_expected_amounts(rows)
    return render(request, "programs/enrollment_queue.html", {"rows": rows, "filters": filters})


@login_required
def program_list(request):
    return render(request, "programs/program_list.html", {"programs": selectors.program_list()})


@login_required
def program_detail(request, code):
    program = get_object_or_404(selectors.program_list(), code=code)
    form = DayForm(request.GET or None)
    day = (form.cleaned_data.get("ngay") if form.is_valid() else None) or timezone.localdate()
    rules = list(selectors.rules_in_force(program, day))
    return render(request, "programs/program_detail.html", {
        "program": program, "form": form, "day": day,
        "standard": selectors.standard_in_force(program.standard_code, day) if program.standard_code else None,
        "provincial": selectors.provincial_standards_in_force(program.standard_code, day)
        if program.standard_code else [],
        "rules": rules, "unchecked": sum(rule.needs_check for rule in rules),
    })


@login_required
def facility_list(request):
    return render(request, "programs/facility_list.html", {"facilities": selectors.facility_list()})
