"""Pages: upload a file to import, download templates, follow a job."""

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.readlog import DOWNLOAD, record_read
from common.exports import XLSX
from common.importing import template_workbook
from common.views import attempt
from jobs import registry, selectors, services


@login_required
def imports(request):
    specs = registry.import_specs_for(request.user)
    if not specs:
        raise PermissionDenied
    if request.method == "POST":
        job = attempt(request, lambda: services.import_start(
            by=request.user, kind=request.POST.get("kind", ""), file=request.FILES.get("file"),
            submit=request.POST.get("submit") == "on"))
        return redirect(job) if job else redirect("jobs:imports")
    recent = selectors.job_list(user=request.user).filter(kind=registry.IMPORT)[:20]
    return render(request, "jobs/imports.html", {"specs": specs, "jobs": recent,
                                                 "selected": request.GET.get("kind", "")})


@login_required
def template(request, kind):
    spec = registry.import_spec(kind)
    if spec is None:
        raise Http404
    if not request.user.has_role(*spec.roles):
        raise PermissionDenied
    response = HttpResponse(template_workbook(spec, request.user), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau_{kind}.xlsx"'
    return response


@login_required
def job_list(request):
    page = Paginator(selectors.job_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "jobs/job_list.html", {"page": page})


@login_required
def job_detail(request, pk):
    job = get_object_or_404(selectors.job_list(user=request.user), pk=pk)
    errors = Paginator(job.errors, 100).get_page(request.GET.get("page"))
    labels = registry.count_labels(job.kind, job.import_kind)
    counts = [(labels.get(key, key), value) for key, value in job.counts.items() if key != "timing"]
    return render(request, "jobs/job_detail.html", {
        "job": job, "errors": errors, "counts": counts,
        "can_confirm": job.status == "ready" and job.created_by_id == request.user.pk,
        "can_restart": job.status == "interrupted" and job.created_by_id == request.user.pk,
    })


def result_response(request, job) -> FileResponse:
    """The job's result file as a download (pages and API), recorded in the read log."""
    if not job.result:
        raise Http404
    record_read(request, DOWNLOAD, f"job_{job.kind}", object_id=job.pk, filters=job.params or {})
    name = job.result_name or os.path.basename(job.result.name)
    content_type = "application/pdf" if name.endswith(".pdf") else XLSX
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=name, content_type=content_type)


@login_required
def job_result(request, pk):
    return result_response(request, get_object_or_404(selectors.job_list(user=request.user), pk=pk))


@login_required
@require_POST
def job_confirm(request, pk):
    job = get_object_or_404(selectors.job_list(user=request.user), pk=pk)
    job = attempt(request, lambda: services.import_confirm(by=request.user, job=job)) or job
    return redirect(job)


@login_required
@require_POST
def job_cancel(request, pk):
    job = get_object_or_404(selectors.job_list(user=request.user), pk=pk)
    if attempt(request, lambda: services.import_cancel(by=request.user, job=job)):
        messages.info(request, _("Đã huỷ: không nhập dòng nào."))
    return redirect(job)


@login_required
@require_POST
def job_restart(request, pk):
    job = get_object_or_404(selectors.job_list(user=request.user), pk=pk)
    job = attempt(request, lambda: services.job_restart(by=request.user, job=job)) or job
    return redirect(job)
