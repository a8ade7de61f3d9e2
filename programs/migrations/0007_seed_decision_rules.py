"""Who decides since the 2025 reforms (../shared/LAW-2026.md §3, §4, §9), as data.

Social assistance (profiles, the NĐ 20 monthly allowance, funeral support, the social pension, the health
insurance that comes with them): the chairman of the person's commune (NĐ 147/2025 Đ5 k1; NĐ 176/2025), the
Sở Y tế owning the field. Facility care: the Sở Y tế. People with meritorious service (profiles, allowances,
gifts) and their housing support: the Sở Nội vụ. Poverty programs (none seeded yet): the Sở NN&MT.
"""

import datetime

from django.db import migrations

FROM = datetime.date(2025, 7, 1)
ND147 = "Nghị định 147/2025/NĐ-CP, Điều 5 khoản 1 (chủ tịch UBND cấp xã quyết định trợ giúp xã hội)"
ND176 = "Nghị định 176/2025/NĐ-CP (chủ tịch UBND cấp xã quyết định trợ cấp hưu trí xã hội)"
ND45 = "Nghị định 45/2025/NĐ-CP; phân công của UBND tỉnh (người có công: Sở Nội vụ)"
YTE = "Nghị định 45/2025/NĐ-CP; phân công của UBND tỉnh (bảo trợ xã hội: Sở Y tế)"

# subject, program code (None = every program without a row of its own), level, agency, basis
RULES = [
    ("protection_profile", None, "commune", "y_te", ND147),
    ("merit_profile", None, "province", "noi_vu", ND45),
    ("housing_case", None, "province", "noi_vu", ND45),
    ("enrollment", "TCXH_HANG_THANG", "commune", "y_te", ND147),
    ("enrollment", "MAI_TANG", "commune", "y_te", ND147),
    ("enrollment", "HUU_TRI_XA_HOI", "commune", "y_te", ND176),
    ("enrollment", "BHYT_NSNN", "commune", "y_te", ND147),
    ("enrollment", "NUOI_DUONG_CO_SO", "province", "y_te", YTE),
    ("enrollment", "UU_DAI_HANG_THANG", "province", "noi_vu", ND45),
    ("enrollment", "QUA_TET_2026", "province", "noi_vu", ND45),
    ("payment_batch", "TCXH_HANG_THANG", "commune", "y_te", ND147),
    ("payment_batch", "MAI_TANG", "commune", "y_te", ND147),
    ("payment_batch", "HUU_TRI_XA_HOI", "commune", "y_te", ND176),
    ("payment_batch", "NUOI_DUONG_CO_SO", "province", "y_te", YTE),
    ("payment_batch", "UU_DAI_HANG_THANG", "province", "noi_vu", ND45),
    ("payment_batch", "QUA_TET_2026", "province", "noi_vu", ND45),
]


def seed(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    DecisionRule = apps.get_model("programs", "DecisionRule")
    programs = {p.code: p for p in Program.objects.all()}
    DecisionRule.objects.bulk_create([
        DecisionRule(subject=subject, program=programs[code] if code else None, level=level, agency=agency,
                     valid_from=FROM, legal_basis=basis)
        for subject, code, level, agency, basis in RULES if code is None or code in programs
    ])


def unseed(apps, schema_editor):
    apps.get_model("programs", "DecisionRule").objects.filter(valid_from=FROM).delete()


class Migration(migrations.Migration):
    dependencies = [("programs", "0006_decision_rules")]
    operations = [migrations.RunPython(seed, unseed)]
