"""The payments' background work (declared at start-up, jobs/registry.py): generating a batch, and the PDF
payment list of a commune too long to lay out while the user waits."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from areas.models import Area
from jobs.registry import Outcome, register
from payments import selectors
from payments.pdf import payment_list_pdf
from payments.services.batches import BATCH_GENERATE, PAYMENT_LIST_PDF, payment_batch_generate
from programs.models import Program


def run_batch_generate(job, report) -> Outcome:
    params = job.params
    report(_("Đang lập bảng chi trả…"))
    batch = payment_batch_generate(by=job.created_by, program=Program.objects.get(code=params["program"]),
                                   period=params["period"], area=Area.objects.get(code=params["area"]))
    return Outcome(_("Đã lập bảng chi trả: %(n)s dòng.") % {"n": batch.line_count},
                   counts={"lines": batch.line_count, "batch": batch.pk},
                   url=reverse("payments:batch_detail", args=[batch.pk]))


def run_payment_list_pdf(job, report) -> Outcome:
    by = job.created_by  # read as its owner: the batch in their scope, ID numbers as they see them
    batch = selectors.batch_list(user=by).select_related("program").get(pk=job.params["batch"])
    commune = Area.objects.get(code=job.params["commune"])
    report(_("Đang dựng danh sách chi trả…"))
    content = payment_list_pdf(batch, commune, by)
    return Outcome(_("Đã dựng danh sách chi trả của %(c)s.") % {"c": commune.name},
                   file=(f"danh_sach_chi_tra_{batch.program.code}_{batch.period:%Y%m}_{commune.code}.pdf", content))


register(BATCH_GENERATE, _lazy("Lập bảng chi trả"), run=run_batch_generate,
         counts={"lines": _lazy("Dòng chi trả"), "batch": _lazy("Số hiệu bảng chi trả")})
register(PAYMENT_LIST_PDF, _lazy("Danh sách chi trả (PDF)"), run=run_payment_list_pdf, retried_by_itself=True)
