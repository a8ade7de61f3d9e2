"""The dashboard of the plan's indicators, the records behind each figure, and the reports."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.views.decorators.http import require_POST

from accounts.masking import id_for
from accounts.models import DECIDERS, Agency, Role
from accounts.scoping import areas_in_scope, scope_queryset
from areas.models import Area, Level
from common.exceptions import DomainError
from common.exports import wants_export, xlsx_response
from common.replica import reads_replica
from common.views import attempt, paginate_uncounted
from complaints.selectors import overdue_count
from indicators.models import AreaStatistic, Indicator, IndicatorSnapshot, ReportedValue
from indicators.reports import indicators_pdf, indicators_xlsx
from indicators.selectors import figure_of, figures_with_communes, of_agency, records, target_standing
from indicators.services import agency_for, resolve, snapshot_start
from jobs.services import import_start
from programs.authority import narrowed_agency


def _context(request):
    user = request.user
    code = request.GET.get("area") or (user.area.code if user.area_id else None)
    if code is None:
        first = Area.objects.filter(level=Level.PROVINCE, persons__isnull=False).first() or \
            Area.objects.filter(level=Level.PROVINCE).first()
        code = first.code if first else None
    try:
        area, day = resolve(user, code, request.GET.get("as_of") or None)
    except DomainError as exc:
        messages.error(request, exc.message)
        area, day = resolve(user, user.area.code if user.area_id else code, None)
    return area, day


@login_required
@reads_replica
def dashboard(request):
    area, day = _context(request)
    has_communes = area.level != Level.COMMUNE
    agency = agency_for(request.user, request.GET.get("agency"))
    computed = figures_with_communes(area, day, agency)
    if request.user.agency:  # a department's dashboard opens on its own indicators, the others after
        computed = sorted(computed, key=lambda pair: pair[0].indicator.agency != request.user.agency)
    rows = [figure for figure, _ in computed]
    trends = _trends(area, day)
    charts = []
    for figure, communes in computed:
        communes = [_shown_row(c) for c in communes] if has_communes else []
        trend = trends.get(figure.indicator.pk, [])
        charts.append({"code": figure.code, "communes": communes,
                       "bars": _bars(figure.indicator, communes, day),
                       "trend": {"labels": [d.strftime("%d/%m/%Y") for d, _ in trend],
                                 "values": [float(v) if v is not None else None for _, v in trend]}})
    areas = areas_in_scope(request.user).exclude(level=Level.DISTRICT).order_by("level", "name")
    return render(request, "indicators/dashboard.html", {
        "area": area, "day": day, "rows": zip(rows, charts, strict=True), "areas": areas,
        "agency": agency or "", "agencies": Agency.choices, "agency_bound": bool(narrowed_agency(request.user)),
        "today": timezone.localdate(), "has_communes": has_communes, "as_of": day.isoformat(),
        "computed_at": None if any(f.computed_at is None for f in rows) else min(f.computed_at for f in rows),
        "refresh_minutes": settings.INDICATORS_REFRESH_MINUTES,
        "can_snapshot": request.user.has_role(*DECIDERS, Role.ADMIN),
        "overdue_complaints": overdue_count(user=request.user),
        "chart_data": {c["code"]: {"bars": c["bars"], "trend": c["trend"]} for c in charts},
        "reported": ReportedValue.objects.filter(area=area, as_of__lte=day).select_related("indicator")
        .order_by("indicator__sort_order", "indicator_id", "-as_of").distinct("indicator__sort_order", "indicator_id"),
    })


def _shown_row(row: dict) -> dict:
    """A commune's row with its numbers formatted once here: 10 tables of 99 communes through the template's
    filters took most of a province's dashboard (docs/performance.md)."""
    return {**row, "numerator_text": number_format(row["numerator"], force_grouping=True),
            "denominator_text": "—" if row["denominator"] is None else number_format(row["denominator"],
                                                                                    force_grouping=True),
            "value_text": "—" if row["value"] is None else number_format(row["value"], 2, force_grouping=True)}


COUNT_BARS = 15  # a count (facilities…) is drawn for the communes that have the most, not as 99 bars mostly 0


def _bars(indicator, communes: list[dict], day) -> dict:
    """The bar chart by commune: each bar opens that commune's records, coloured by whether it meets the target;
    a count shows the communes with the most, largest first, sideways."""
    if indicator.unit == indicator.Unit.COUNT:
        communes = sorted((c for c in communes if c["value"]), key=lambda c: -c["value"])[:COUNT_BARS]
    records = reverse("indicators:records", args=[indicator.code])
    colour = {"": "#5f6b7a", "met": "#1e7b45", "unmet": "#b42318"}  # as app.css colours the figures
    return {"labels": [c["name"] for c in communes],
            "values": [float(c["value"]) if c["value"] is not None else None for c in communes],
            "colors": [colour[target_standing(indicator, c["value"])] for c in communes],
            "links": [f"{records}?area={c['area']}&as_of={day.isoformat()}&part=numerator" for c in communes],
            "sideways": indicator.unit == indicator.Unit.COUNT}


def _trends(area, day) -> dict[int, list]:
    """{indicator id: [(day, value)]}: the last snapshot of each month up to ``day``, the latest 36 months."""
    since = day - datetime.timedelta(days=1100)
    points = IndicatorSnapshot.objects.filter(area=area, as_of__lte=day, as_of__gte=since)\
        .annotate(month=TruncMonth("as_of")).order_by("indicator_id", "month", "-as_of")\
        .distinct("indicator_id", "month").values_list("indicator_id", "month", "as_of", "value")
    trends = {}
    for indicator_id, _month, as_of, value in points:
        trends.setdefault(indicator_id, []).append((as_of, value))
    return trends


@login_required
@reads_replica
def indicator_records(request, code):
    indicator = of_agency(Indicator.objects.filter(code=code, kind=Indicator.Kind.COMPUTED),
                          narrowed_agency(request.user)).first()
    if indicator is None:
        raise Http404
    area, day = _context(request)
    part = "denominator" if request.GET.get("part") == "denominator" else "numerator"
    rows = records(code, area, day, part)
    if wants_export(request):
        if code == "facilities":
            return xlsx_response(request, f"{code}_{part}", ["Cơ sở", "Địa bàn", "Công lập"],
                                 ([f.name, f.area.name, f.is_public] for f in rows))
        return xlsx_response(request, f"{code}_{part}", ["Số hiệu", "Họ và tên", "Số CCCD", "Xã/phường"],
                             ([p.pk, p.full_name, id_for(request.user, p.national_id), p.area.name]
                              for p in rows.iterator(chunk_size=2000)))
    # Counting a province's 200,000 records costs as much as the figure itself: the page is read without a
    # count, and the figure (stored, or computed when none is) says how many there are.
    page, query = paginate_uncounted(request, rows)
    shown = figure_of(indicator, area, day)
    return render(request, "indicators/records.html", {
        "indicator": indicator, "area": area, "day": day, "part": part, "page": page, "query": query,
        "is_facility": code == "facilities", "shown": shown.numerator if part == "numerator" else shown.denominator})


@login_required
@reads_replica
def report(request, fmt):
    area, day = _context(request)
    agency = agency_for(request.user, request.GET.get("agency"))  # a department's own report
    if fmt == "pdf":
        body, content_type = indicators_pdf(area, day, agency), "application/pdf"
    elif fmt == "xlsx":
        body = indicators_xlsx(area, day, agency)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    disposition = "inline" if fmt == "pdf" else "attachment"
    stem = f"chi_tieu_{area.code}" + (f"_{agency}" if agency else "") + f"_{day:%Y%m%d}"
    response["Content-Disposition"] = f'{disposition}; filename="{stem}.{fmt}"'
    return response


@login_required
@require_POST
def snapshot(request):
    """Store today's (or the chosen day's) figures as a snapshot, in the background."""
    job = attempt(request, lambda: snapshot_start(by=request.user, area_code=request.POST.get("area"),
                                                  as_of=request.POST.get("as_of")))
    return redirect(job) if job else redirect("dashboard")


@login_required
def area_statistics(request):
    """Total households and population per commune and year (the poverty-rate denominators): list and upload."""
    can_edit = request.user.has_role(*DECIDERS, Role.ADMIN)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        job = attempt(request, lambda: import_start(by=request.user, kind="area_statistics",
                                                    file=request.FILES.get("file")))
        return redirect(job) if job else redirect("indicators:statistics")
    rows = scope_queryset(request.user, AreaStatistic.objects.select_related("area"))\
        .order_by("-year", "area__path")[:500]
    return render(request, "indicators/statistics.html", {"rows": rows, "can_edit": can_edit})
