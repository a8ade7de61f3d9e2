"""Deadlines by the law (../shared/LAW-2026.md §7): acceptance from receipt, settlement from acceptance.

Existing complaints and denunciations were counted from receipt: they are taken as accepted on the day they were
received (their settlement deadline stays what it was), with the acceptance deadline of the rule, so nothing
open becomes overdue or loses time by this change.
"""

import datetime

from django.db import migrations

D = datetime.date
KN = "Luật Khiếu nại số 02/2011/QH13"
TC = "Luật Tố cáo số 25/2018/QH14"

# kind, step, complexity, remote, second round, days, calendar days, times, valid_from, basis
RULES = [
    ("complaint", "accept", "", False, False, 10, True, 1, D(2012, 7, 1), f"{KN}, Điều 27: thụ lý trong 10 ngày"),
    ("complaint", "resolve", "complicated", False, False, 45, True, 1, D(2012, 7, 1),
     f"{KN}, Điều 28: vụ việc phức tạp không quá 45 ngày kể từ ngày thụ lý"),
    ("complaint", "resolve", "", True, False, 45, True, 1, D(2012, 7, 1),
     f"{KN}, Điều 28: vùng sâu, vùng xa đi lại khó khăn không quá 45 ngày"),
    ("complaint", "resolve", "complicated", True, False, 60, True, 1, D(2012, 7, 1),
     f"{KN}, Điều 28: vùng sâu, vùng xa, vụ việc phức tạp không quá 60 ngày"),
    ("complaint", "resolve", "", False, True, 45, True, 1, D(2012, 7, 1),
     f"{KN}, Điều 37: giải quyết lần hai không quá 45 ngày kể từ ngày thụ lý"),
    ("complaint", "resolve", "complicated", False, True, 60, True, 1, D(2012, 7, 1),
     f"{KN}, Điều 37: lần hai, vụ việc phức tạp không quá 60 ngày"),
    ("complaint", "resolve", "", True, True, 60, True, 1, D(2012, 7, 1),
     f"{KN}, Điều 37: lần hai, vùng sâu, vùng xa không quá 60 ngày"),
    ("complaint", "resolve", "complicated", True, True, 70, True, 1, D(2012, 7, 1),
     f"{KN}, Điều 37: lần hai, vùng sâu, vùng xa, vụ việc phức tạp không quá 70 ngày"),
    ("denunciation", "accept", "", False, False, 10, False, 1, D(2019, 1, 1),
     f"{TC}, Điều 24: 07 ngày làm việc, đến 10 ngày làm việc nếu phải xác minh (M: chưa đối chiếu văn bản gốc)"),
    ("denunciation", "extend", "complicated", False, False, 30, True, 1, D(2019, 1, 1),
     f"{TC}, Điều 30: vụ việc phức tạp gia hạn một lần, không quá 30 ngày"),
    ("denunciation", "extend", "especially", False, False, 30, True, 2, D(2019, 1, 1),
     f"{TC}, Điều 30: vụ việc đặc biệt phức tạp gia hạn hai lần, mỗi lần không quá 30 ngày"),
]
SATURDAY = 5


def load(apps, schema_editor):
    DeadlineRule = apps.get_model("complaints", "DeadlineRule")
    Complaint = apps.get_model("complaints", "Complaint")
    Holiday = apps.get_model("complaints", "Holiday")
    for kind, step, complexity, remote, second, days, calendar, times, since, basis in RULES:
        DeadlineRule.objects.get_or_create(
            kind=kind, step=step, complexity=complexity, remote=remote, second_round=second, valid_from=since,
            defaults={"days": days, "count_weekends": calendar, "times": times, "legal_basis": basis})
    holidays = set(Holiday.objects.values_list("day", flat=True))
    for complaint in Complaint.objects.filter(kind__in=["complaint", "denunciation"], accepted_on__isnull=True):
        rule = DeadlineRule.objects.filter(kind=complaint.kind, step="accept",
                                           valid_from__lte=complaint.received_on).order_by("-valid_from").first()
        complaint.accepted_on = complaint.received_on
        complaint.accept_due_on = _due(complaint.received_on, rule, holidays) if rule else complaint.received_on
        complaint.save(update_fields=["accepted_on", "accept_due_on"])


def _due(start, rule, holidays):
    """complaints.services.due_date as it stands at this migration (migrations keep their own copy)."""
    def working(day):
        return day.weekday() < SATURDAY and day not in holidays

    if rule.count_weekends:
        due = start + datetime.timedelta(days=rule.days)
        while not working(due):
            due += datetime.timedelta(days=1)
        return due
    due, counted = start, 0
    while counted < rule.days:
        due += datetime.timedelta(days=1)
        if working(due):
            counted += 1
    return due


def unload(apps, schema_editor):
    DeadlineRule = apps.get_model("complaints", "DeadlineRule")
    for kind, step, complexity, remote, second, _days, _cal, _times, since, _basis in RULES:
        DeadlineRule.objects.filter(kind=kind, step=step, complexity=complexity, remote=remote, second_round=second,
                                    valid_from=since).delete()


class Migration(migrations.Migration):
    dependencies = [("complaints", "0004_acceptance_and_deadlines")]
    operations = [migrations.RunPython(load, unload)]
