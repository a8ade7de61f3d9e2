"""The indicators' background work (declared at start-up, jobs/registry.py): the daily snapshot, and the
import of the population statistics the rates are computed over."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from indicators.imports import AreaStatisticImport
from indicators.services import INDICATOR_SNAPSHOT, snapshot_indicators
from jobs.registry import Outcome, register, register_import

register_import(AreaStatisticImport())


def run_indicator_snapshot(job, report) -> Outcome:
    report(_("Đang tính các chỉ tiêu…"))
    written = snapshot_indicators(as_of=datetime.date.fromisoformat(job.params["as_of"]),
                                  province_code=job.params.get("province") or None)
    return Outcome(_("Đã chốt %(n)s số liệu.") % {"n": written}, counts={"snapshots": written})


register(INDICATOR_SNAPSHOT, _lazy("Chốt số liệu chỉ tiêu"), run=run_indicator_snapshot, retried_by_itself=True,
         counts={"snapshots": _lazy("Số liệu đã chốt")})
