"""The records and users the permission matrix runs against, and how to call each route.

Every object lies in commune A (Phường Bắc Giang, 07210). ``other`` is the officer of
commune B (Xã Tây Yên Tử): for them these objects must not exist (404) or the action be
refused (403). Batches are the province's (Sở business).
"""

import datetime
import re

from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import Role
from accounts.tokens import token_issue
from areas.models import LegacyArea
from beneficiaries.models import Document, PovertyReview
from beneficiaries.services.accounts import account_change_request
from jobs.models import Job, JobStatus
from payments.services.batches import payment_batch_generate
from programs.models import Admission, Facility, Program
from tests.factories import (
    make_enrollment,
    make_household,
    make_merit_profile,
    make_person,
    make_protection_profile,
    make_user,
)

# officer / other: commune officers of the world's commune and of another; chairman / chair_other: their commune
# leaders; specialist, leader: the Sở Nội vụ; y_te: a specialist of the Sở Y tế
ROLES = ("anon", "officer", "other", "specialist", "leader", "viewer", "admin", "chairman", "chair_other", "y_te",
         "viewer_nv")
SKIPPED_PREFIXES = ("quan-tri/", "static/", "media/")  # Django's admin (its own permission system)


def routes():
    """(route name, path pattern, callback) of every URL the project serves, admin excepted."""
    found = []

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                path = prefix + str(p.pattern)
                if path.startswith(SKIPPED_PREFIXES) or "format>" in path or not p.name:  # no .json suffix variants
                    continue
                found.append((f"{namespace}:{p.name}" if namespace else p.name, path, p.callback))

    walk(get_resolver().url_patterns, "", "")
    return found


def methods_of(callback) -> list[str]:
    """The HTTP methods a route answers: the viewset's actions, else what the view allows."""
    actions = getattr(callback, "actions", None)
    if actions:  # DRF adds "head" to a viewset's actions after its first request: HEAD answers as GET
        return sorted(m.upper() for m in actions if m != "head")
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return sorted(m.upper() for m in ("get", "post", "patch", "put", "delete")
                      if hasattr(view_class, m))
    return ["GET", "POST"]


def build_world(tree):
    a = tree["bac_giang"]
    users = {
        "officer": make_user(Role.COMMUNE_OFFICER, a, username="m.officer"),
        "other": make_user(Role.COMMUNE_OFFICER, tree["tay_yen_tu"], username="m.other"),
        # the Sở Nội vụ: merit and housing; social assistance is decided by the commune chairman
        "specialist": make_user(Role.SO_SPECIALIST, tree["bac_ninh"], username="m.specialist", agency="noi_vu"),
        "leader": make_user(Role.SO_LEADER, tree["bac_ninh"], username="m.leader", agency="noi_vu"),
        "viewer": make_user(Role.VIEWER, tree["bac_ninh"], username="m.viewer"),
        "admin": make_user(Role.ADMIN, None, username="m.admin"),
        "chairman": make_user(Role.COMMUNE_LEADER, a, username="m.chairman"),
        "chair_other": make_user(Role.COMMUNE_LEADER, tree["tay_yen_tu"], username="m.chair_other"),
        "y_te": make_user(Role.SO_SPECIALIST, tree["bac_ninh"], username="m.yte", agency="y_te"),
        "viewer_nv": make_user(Role.VIEWER, tree["bac_ninh"], username="m.viewer.noivu", agency="noi_vu"),
    }
    household = make_household(a, code="HMATRIX")
    head = make_person(a, full_name="Chủ Hộ Ma Trận", household=household, date_of_birth=datetime.date(1940, 1, 1),
                       payment_channel="bank", bank_code="VBA", account_number="123456", account_holder="CHU HO")
    household.head = head
    household.save()
    member = make_person(a, full_name="Thành Viên", household=household, relation_to_head="child")
    merit = make_merit_profile(head, category="THUONG_BINH", injury_rate=41, status="approved")
    protection = make_protection_profile(head, status="approved")
    submitted = make_protection_profile(member, group="NKT_NANG", status="submitted", by=users["officer"])
    enrollment = make_enrollment(head, "TCXH_HANG_THANG", start=datetime.date(2025, 7, 1))
    pending_enrollment = make_enrollment(member, "TCXH_HANG_THANG", status="submitted")
    review = PovertyReview.objects.create(
        household=household, year=2025, standard_id=_standard_id(), is_urban=True, income_per_capita=3_000_000,
        deprivation_count=0, classification="other", created_by=users["officer"])
    document = Document(person=head, kind="id_card", title="CCCD", size=3, uploaded_by=users["officer"])
    document.file.save("cccd.pdf", ContentFile(b"%PDF"), save=True)
    facility = Facility.objects.create(code="TTMATRIX", name="Trung tâm", capacity=10, area=a)
    admission = Admission.objects.create(person=member, facility=facility, admitted_on=datetime.date(2026, 1, 5),
                                         created_by=users["specialist"])
    # social assistance is paid by the commune: its officer generates the batch, its chairman approves it
    batch = payment_batch_generate(by=users["officer"], program=Program.objects.get(code="TCXH_HANG_THANG"),
                                   period="2025-07", area=a)
    from housing.services import housing_case_propose

    case = housing_case_propose(by=users["officer"], household=household, person=head, target="merit",
                                support_type="new_build")
    job = Job.objects.create(kind="import", import_kind="households", status=JobStatus.READY,
                             created_by=users["officer"], step="check")
    job.result.save("ket_qua.xlsx", ContentFile(b"PK"), save=True)
    legacy = LegacyArea.objects.create(code="99901", name="Xã cũ", level="commune", kind="xa")
    from complaints.services import complaint_attach, complaint_receive

    complaint = complaint_receive(by=users["officer"], kind="complaint", channel="in_person",
                                  received_on=datetime.date(2026, 11, 2), area=a, content="Chưa nhận tiền",
                                  complainant=head, person=head)
    complaint_file = complaint_attach(by=users["officer"], complaint=complaint, kind="letter",
                                      file=ContentFile(b"%PDF-1.4", name="don.pdf"))
    objects = {
        "household": household, "person": head, "merit": merit, "protection": protection, "submitted": submitted,
        "enrollment": enrollment, "pending_enrollment": pending_enrollment, "review": review, "document": document,
        "facility": facility, "admission": admission, "batch": batch, "payment": batch.lines.first(),
        "case": case, "job": job, "legacy": legacy, "area": a, "complaint": complaint,
        "complaint_file": complaint_file, "token": token_issue(user=users["officer"])[0],
        "account_change": account_change_request(by=users["officer"], person=head, reason="Đổi ngân hàng", new={
            "payment_channel": "bank", "bank_code": "BIDV", "account_number": "555566667777",
            "account_holder": "CHU HO"}),
    }
    return users, objects


def _standard_id():
    from beneficiaries.models import PovertyStandard

    return PovertyStandard.objects.order_by("valid_from").first().pk


# URL arguments of each route with parameters: route name → object key per argument, or a constant.
ARGUMENTS = {
    "beneficiaries:person_detail": {"pk": "person"},
    "beneficiaries:person_edit": {"pk": "person"},
    "beneficiaries:account_change_action": {"pk": "person", "change_pk": "account_change", "action": "=confirm"},
    "beneficiaries:account_verify": {"pk": "person"},
    "beneficiaries:profile_add": {"pk": "person", "kind": "=protection"},
    "beneficiaries:document_upload": {"pk": "person"},
    "beneficiaries:document_download": {"pk": "document"},
    "beneficiaries:profile_edit": {"kind": "=protection", "pk": "submitted"},
    "beneficiaries:profile_children": {"pk": "submitted"},
    "beneficiaries:profile_action": {"kind": "=protection", "pk": "submitted", "action": "=approve"},
    "beneficiaries:household_detail": {"pk": "household"},
    "beneficiaries:poverty_review": {"pk": "household"},
    "beneficiaries:poverty_review_edit": {"pk": "household", "review_pk": "review"},
    "programs:program_detail": {"code": "=TCXH_HANG_THANG"},
    "programs:enrollment_create": {"person_pk": "person"},
    "programs:enrollment_action": {"pk": "pending_enrollment", "action": "=approve"},
    "payments:batch_detail": {"pk": "batch"},
    "payments:batch_export": {"pk": "batch"},
    "payments:batch_reconcile": {"pk": "batch"},
    "payments:batch_exclude": {"pk": "batch"},
    "payments:batch_pdf": {"pk": "batch", "commune_code": "=07210"},
    "payments:batch_action": {"pk": "batch", "action": "=approve"},
    "housing:case_propose": {"household_pk": "household"},
    "housing:case_detail": {"pk": "case"},
    "housing:case_decision": {"pk": "case"},
    "housing:case_photo": {"pk": "case"},
    "housing:case_action": {"pk": "case", "action": "=cancel"},
    "indicators:records": {"code": "=protection_monthly"},
    "indicators:report": {"fmt": "=xlsx"},
    "jobs:template": {"kind": "=households"},
    "jobs:detail": {"pk": "job"},
    "jobs:result": {"pk": "job"},
    "jobs:confirm": {"pk": "job"},
    "jobs:cancel": {"pk": "job"},
    "jobs:restart": {"pk": "job"},
    "complaints:detail": {"pk": "complaint"},
    "complaints:attachment": {"pk": "complaint", "attachment_pk": "complaint_file"},
    "complaints:action": {"pk": "complaint", "action": "=note"},
}
API_OBJECTS = {  # the object of each API detail route, by its URL prefix
    "areas": "=07210", "legacy-areas": "=99901", "households": "household", "persons": "person",
    "merit-profiles": "merit", "protection-profiles": "submitted", "poverty-reviews": "review",
    "documents": "document", "programs": "=TCXH_HANG_THANG", "enrollments": "pending_enrollment",
    "facilities": "facility", "admissions": "admission", "payment-batches": "batch", "payments": "payment",
    "housing-cases": "case", "indicators": "=protection_monthly", "imports": "job", "jobs": "job",
    "complaints": "complaint", "auth": "token", "account-changes": "account_change",
}
API_ARGUMENTS = {"attachment_pk": "complaint_file"}  # a second argument of an API route, by its name


def url_for(name: str, path: str, objects: dict) -> str:
    """The concrete URL of a route, its arguments filled with the world's objects."""
    def value(spec):
        return spec[1:] if spec.startswith("=") else str(objects[spec].pk)

    if path.startswith("api/v1/"):
        rest = path[len("api/v1/"):].lstrip("^").rstrip("$")
        prefix = rest.split("/")[0]
        rest = re.sub(r"\(\?P<(\w+)>[^)]*\)",
                      lambda m: value(API_ARGUMENTS.get(m.group(1)) or API_OBJECTS[prefix]), rest)
        return "/api/v1/" + rest
    arguments = ARGUMENTS.get(name, {})
    filled = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value(arguments[m.group(1)]), path)
    return "/" + filled
