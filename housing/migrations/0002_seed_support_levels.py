"""Seed the housing-support levels of ../shared/DOMAIN.md §4 (defaults; each case stores its own amount)."""

import datetime

from django.db import migrations

LEVELS = [
    dict(code="NCC_2013", name="Hỗ trợ người có công với cách mạng về nhà ở", targets=["merit"],
         new_build_amount=40_000_000, repair_amount=20_000_000, valid_from=datetime.date(2013, 6, 1),
         legal_basis="Quyết định 22/2013/QĐ-TTg"),
    dict(code="NHA_TAM_2024", name="Xoá nhà tạm, nhà dột nát 2024–2025", targets=["merit", "poor", "near_poor"],
         new_build_amount=60_000_000, repair_amount=30_000_000, valid_from=datetime.date(2024, 1, 1),
         legal_basis="Chương trình xoá nhà tạm, nhà dột nát 2024–2025"),
]


def seed(apps, schema_editor):
    SupportLevel = apps.get_model("housing", "SupportLevel")
    SupportLevel.objects.bulk_create([SupportLevel(**row) for row in LEVELS])


def unseed(apps, schema_editor):
    apps.get_model("housing", "SupportLevel").objects.filter(code__in=[r["code"] for r in LEVELS]).delete()


class Migration(migrations.Migration):
    dependencies = [("housing", "0001_housing_cases")]
    operations = [migrations.RunPython(seed, unseed)]
