"""The deadlines in force (docs/complaints.md); administrators add later ones in the admin."""

import datetime

from django.db import migrations

RULES = [
    ("complaint", 30, True, datetime.date(2012, 7, 1),
     "Luật Khiếu nại số 02/2011/QH13, Điều 28: giải quyết lần đầu không quá 30 ngày kể từ ngày thụ lý"),
    ("denunciation", 30, True, datetime.date(2019, 1, 1),
     "Luật Tố cáo số 25/2018/QH14, Điều 30: không quá 30 ngày kể từ ngày thụ lý"),
    ("request", 15, False, datetime.date(2014, 7, 1),
     "Mức do Sở quy định cho kiến nghị, phản ánh (sửa được trong danh mục)"),
]


def load(apps, schema_editor):
    DeadlineRule = apps.get_model("complaints", "DeadlineRule")
    for kind, days, count_weekends, valid_from, legal_basis in RULES:
        DeadlineRule.objects.get_or_create(kind=kind, valid_from=valid_from, defaults={
            "days": days, "count_weekends": count_weekends, "legal_basis": legal_basis})


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
