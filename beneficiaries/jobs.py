"""The registry's background work (declared at start-up, jobs/registry.py): its imports, and the export of a
persons list too long to build while the user waits."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.readlog import EXPORT, record_read
from beneficiaries.exports import PERSON_EXPORT, person_export_queryset, person_export_workbook
from beneficiaries.imports import (
    HouseholdPersonImport,
    MeritProfileImport,
    PovertyReviewImport,
    ProtectionProfileImport,
)
from jobs.registry import Outcome, register, register_import

for spec in (HouseholdPersonImport, MeritProfileImport, ProtectionProfileImport, PovertyReviewImport):
    register_import(spec())


def run_person_export(job, report) -> Outcome:
    by, query = job.created_by, job.params.get("query", "")
    rows = person_export_queryset(by, query)
    total = rows.count()
    exporting = _("Đang xuất %(n)s người…") % {"n": total}
    report(exporting, 0, total)
    content = person_export_workbook(rows, by, report=lambda done: report(exporting, done, total))
    record_read(None, EXPORT, "doi_tuong", user=by, rows=total, object_id=job.pk, filters={"query": query})
    return Outcome(_("Đã xuất %(n)s người.") % {"n": total}, counts={"rows": total}, total=total,
                   file=(f"doi_tuong_{timezone.localtime():%Y%m%d_%H%M}.xlsx", content))


register(PERSON_EXPORT, _lazy("Xuất danh sách đối tượng (Excel)"), run=run_person_export, retried_by_itself=True,
         counts={"rows": _lazy("Số người")})
