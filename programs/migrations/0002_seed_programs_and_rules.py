"""Seed the programs, base amounts and benefit rules of ../shared/DOMAIN.md §1–§2.

War-invalid amounts by injury rate are NOT seeded: an administrator uploads the
decree's table (CSV) through the admin (docs/rules.md). The reverse removes
exactly what is seeded here.
"""

import datetime
from decimal import Decimal

from django.db import migrations

D = datetime.date
ND20 = "Nghị định 20/2021/NĐ-CP, Điều 6"
ND77 = "Nghị định 77/2024/NĐ-CP, Phụ lục"

PROGRAMS = [
    dict(code="TCXH_HANG_THANG", name="Trợ cấp xã hội hằng tháng", kind="monthly_cash", target="protection",
         owning_agency="Sở Y tế", payment_frequency="monthly", standard_code="TGXH",
         legal_basis="Nghị định 20/2021/NĐ-CP; Nghị định 76/2024/NĐ-CP"),
    dict(code="UU_DAI_HANG_THANG", name="Trợ cấp, phụ cấp ưu đãi hằng tháng người có công", kind="monthly_cash",
         target="merit", owning_agency="Sở Nội vụ", payment_frequency="monthly", standard_code="UU_DAI",
         legal_basis="Pháp lệnh 02/2020/UBTVQH14; Nghị định 75/2021/NĐ-CP; Nghị định 77/2024/NĐ-CP"),
    dict(code="NUOI_DUONG_CO_SO", name="Trợ cấp nuôi dưỡng tại cơ sở trợ giúp xã hội", kind="facility_care",
         target="protection", owning_agency="Sở Y tế", payment_frequency="monthly", standard_code="TGXH",
         legal_basis="Nghị định 20/2021/NĐ-CP, Điều 25"),
    dict(code="BHYT_NSNN", name="Bảo hiểm y tế do ngân sách nhà nước đóng", kind="health_insurance",
         target="protection", owning_agency="Sở Y tế", payment_frequency="none", standard_code="",
         legal_basis="Luật Bảo hiểm y tế; Nghị định 20/2021/NĐ-CP"),
]

STANDARDS = [
    ("TGXH", "Mức chuẩn trợ giúp xã hội", 360_000, D(2021, 7, 1), "Nghị định 20/2021/NĐ-CP, Điều 4"),
    ("TGXH", "Mức chuẩn trợ giúp xã hội", 500_000, D(2024, 7, 1), "Nghị định 76/2024/NĐ-CP"),
    ("UU_DAI", "Mức chuẩn trợ cấp ưu đãi người có công", 1_624_000, D(2021, 7, 1), "Nghị định 75/2021/NĐ-CP"),
    ("UU_DAI", "Mức chuẩn trợ cấp ưu đãi người có công", 2_055_000, D(2023, 7, 1), "Nghị định 55/2023/NĐ-CP"),
    ("UU_DAI", "Mức chuẩn trợ cấp ưu đãi người có công", 2_789_000, D(2024, 7, 1), "Nghị định 77/2024/NĐ-CP"),
]

# Monthly social allowance: (group, age_min, age_max, coefficient, per_child)
TCXH = [
    ("TE_KNND", None, 4, "2.5", False), ("TE_KNND", 4, None, "1.5", False),
    ("TN_16_22", None, None, "1.5", False),
    ("TE_HIV", None, 4, "2.5", False), ("TE_HIV", 4, None, "2.0", False),
    ("DON_THAN", None, None, "1.0", True),
    ("NCT_NGHEO", 60, 80, "1.5", False), ("NCT_NGHEO", 80, None, "2.0", False),
    ("NCT_75_80_DBKK", None, None, "1.0", False),
    ("NCT_80", None, None, "1.0", False),
    ("NCT_CONG_DONG", None, None, "3.0", False),
    ("NKT_DBN", None, 16, "2.5", False), ("NKT_DBN", 16, 60, "2.0", False), ("NKT_DBN", 60, None, "2.5", False),
    ("NKT_NANG", None, 16, "2.0", False), ("NKT_NANG", 16, 60, "1.5", False), ("NKT_NANG", 60, None, "2.0", False),
    ("TE_U3_DBKK", None, None, "1.5", False),
    ("HIV_NGHEO", None, None, "1.5", False),
]

# Merit allowances from 2024-07-01 (fixed amounts of the NĐ 77/2024 appendix):
# (category, for_relatives, relative_count_min, relative_count_max, component, amount, note)
UU_DAI = [
    ("TIEN_KN", False, None, None, "main", 2_884_000, "Người hoạt động cách mạng từ 01/01/1945 đến khởi nghĩa"),
    ("LIET_SI", True, 1, 1, "main", 2_789_000, "Thân nhân của 1 liệt sĩ"),
    ("LIET_SI", True, 2, 2, "main", 5_578_000, "Thân nhân của 2 liệt sĩ"),
    ("LIET_SI", True, 3, None, "main", 8_367_000, "Thân nhân của 3 liệt sĩ trở lên"),
    ("BM_VNAH", False, None, None, "main", 8_367_000, "Bà mẹ Việt Nam anh hùng: trợ cấp"),
    ("BM_VNAH", False, None, None, "allowance", 2_337_000, "Bà mẹ Việt Nam anh hùng: phụ cấp"),
    ("AH_LLVT", False, None, None, "allowance", 2_337_000, "Anh hùng LLVT nhân dân: phụ cấp"),
    ("AH_LD_KC", False, None, None, "allowance", 2_337_000, "Anh hùng Lao động thời kỳ kháng chiến: phụ cấp"),
    ("TU_DAY", False, None, None, "main", 1_673_000, "Người hoạt động cách mạng bị địch bắt tù, đày"),
]


def seed(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    BenefitStandard = apps.get_model("programs", "BenefitStandard")
    BenefitRule = apps.get_model("programs", "BenefitRule")
    programs = {p["code"]: Program.objects.create(**p) for p in PROGRAMS}
    BenefitStandard.objects.bulk_create([
        BenefitStandard(code=c, name=n, amount=a, valid_from=f, legal_basis=b) for c, n, a, f, b in STANDARDS
    ])
    rules = [
        BenefitRule(program=programs["TCXH_HANG_THANG"], protection_group_id=g, age_min=lo, age_max=hi,
                    coefficient=Decimal(c), per_child=kids, valid_from=D(2021, 7, 1), legal_basis=ND20)
        for g, lo, hi, c, kids in TCXH
    ]
    rules += [
        BenefitRule(program=programs["NUOI_DUONG_CO_SO"], age_max=4, coefficient=Decimal("5.0"),
                    valid_from=D(2021, 7, 1), legal_basis="Nghị định 20/2021/NĐ-CP, Điều 25"),
        BenefitRule(program=programs["NUOI_DUONG_CO_SO"], age_min=4, coefficient=Decimal("4.0"),
                    valid_from=D(2021, 7, 1), legal_basis="Nghị định 20/2021/NĐ-CP, Điều 25"),
    ]
    rules += [
        BenefitRule(program=programs["UU_DAI_HANG_THANG"], merit_category_id=cat, for_relatives=rel,
                    relative_count_min=lo, relative_count_max=hi, component=comp, amount=amount,
                    valid_from=D(2024, 7, 1), legal_basis=ND77, note=note)
        for cat, rel, lo, hi, comp, amount, note in UU_DAI
    ]
    BenefitRule.objects.bulk_create(rules)


def unseed(apps, schema_editor):
    codes = [p["code"] for p in PROGRAMS]
    apps.get_model("programs", "BenefitRule").objects.filter(program__code__in=codes).delete()
    apps.get_model("programs", "BenefitStandard").objects.filter(
        code__in={s[0] for s in STANDARDS}, valid_from__in={s[3] for s in STANDARDS}).delete()
    apps.get_model("programs", "Program").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_programs_rules_enrollments"), ("beneficiaries", "0002_seed_reference_data")]
    operations = [migrations.RunPython(seed, unseed)]
