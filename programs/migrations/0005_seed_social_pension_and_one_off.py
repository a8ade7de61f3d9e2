"""Seed the social pension, funeral support and the Tết 2026 gift (../shared/LAW-2026.md §2, §4, §5, §8).

- ``HUU_TRI_XA_HOI`` (Luật BHXH 2024 Đ21, NĐ 176/2025): standard ``HTXH`` 500,000 from 2025-07-01; paid at 75 or
  over without a pension or monthly social-insurance benefit, or at 70–74 in a poor or near-poor household; only the
  higher of it and the NĐ 20 monthly allowance is paid (both in the exclusive group ``TRO_CAP_XH``); payable from
  the month the decision is signed.
- ``MAI_TANG`` (NĐ 20/2021 Đ11): 20 × the social-assistance base in force on the day of death, once, for a person
  who died while on the monthly allowance or the social pension.
- ``QUA_TET_2026`` (QĐ 01/QĐ-CTN, 05/01/2026): 600,000 or 300,000 by category, one gift per person at the highest.
- The merit monthly allowance pays each category (Pháp lệnh 02/2020 Đ6 k3).
"""

import datetime
from decimal import Decimal

from django.db import migrations

D = datetime.date
GIFT = "Quyết định 01/QĐ-CTN ngày 05/01/2026 của Chủ tịch nước"
GIFT_SOURCE = "../shared/LAW-2026.md §8 (V): quà Tết Bính Ngọ 2026, trao trước 31/01/2026"

PROGRAMS = [
    dict(code="HUU_TRI_XA_HOI", name="Trợ cấp hưu trí xã hội", kind="monthly_cash", target="elderly",
         owning_agency="UBND cấp xã quyết định và chi trả", payment_frequency="monthly", standard_code="HTXH",
         legal_basis="Luật Bảo hiểm xã hội 2024, Điều 21; Nghị định 176/2025/NĐ-CP", exclusive_group="TRO_CAP_XH",
         funeral_support=True, starts_at_decision=True),
    dict(code="MAI_TANG", name="Hỗ trợ chi phí mai táng", kind="one_off_cash", target="deceased",
         owning_agency="UBND cấp xã quyết định và chi trả", payment_frequency="one_off", standard_code="TGXH",
         legal_basis="Nghị định 20/2021/NĐ-CP, Điều 11; Nghị định 176/2025/NĐ-CP"),
    dict(code="QUA_TET_2026", name="Quà tặng của Chủ tịch nước nhân dịp Tết Bính Ngọ 2026", kind="one_off_cash",
         target="merit", owning_agency="Sở Nội vụ", payment_frequency="one_off", standard_code="",
         legal_basis=GIFT),
]

GIFT_600K_OWN = ["LT_CM", "TIEN_KN", "BM_VNAH", "AH_LLVT", "AH_LD_KC"]
GIFT_600K_OVER_81 = ["THUONG_BINH", "BENH_BINH", "CDHH"]
ALL_CATEGORIES = ["LT_CM", "TIEN_KN", "LIET_SI", "BM_VNAH", "AH_LLVT", "AH_LD_KC", "THUONG_BINH", "BENH_BINH",
                  "CDHH", "TU_DAY", "HDKC", "GIUP_DO_CM"]


def seed(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    BenefitStandard = apps.get_model("programs", "BenefitStandard")
    BenefitRule = apps.get_model("programs", "BenefitRule")
    Program.objects.filter(code="UU_DAI_HANG_THANG").update(pays_each_category=True)
    Program.objects.filter(code="TCXH_HANG_THANG").update(exclusive_group="TRO_CAP_XH", funeral_support=True)
    programs = {p["code"]: Program.objects.create(**p) for p in PROGRAMS}
    BenefitStandard.objects.create(code="HTXH", name="Mức trợ cấp hưu trí xã hội", amount=500_000,
                                   valid_from=D(2025, 7, 1), legal_basis="Nghị định 176/2025/NĐ-CP, Điều 3 khoản 1")
    pension, funeral, gift = programs["HUU_TRI_XA_HOI"], programs["MAI_TANG"], programs["QUA_TET_2026"]
    rules = [
        BenefitRule(program=pension, age_min=75, excludes_pensioners=True, coefficient=Decimal("1.0"),
                    valid_from=D(2025, 7, 1), legal_basis="Nghị định 176/2025/NĐ-CP, Điều 2, Điều 3", code="HTXH_75",
                    mark="V", note="Từ đủ 75 tuổi, không hưởng lương hưu, trợ cấp BHXH hằng tháng",
                    source="../shared/LAW-2026.md §4 (V): NĐ 176 Đ2 (gocnhinphaply.nguoiduatin.vn, dantri)"),
        BenefitRule(program=pension, age_min=70, age_max=75, household_classes=["poor", "near_poor"],
                    coefficient=Decimal("1.0"), valid_from=D(2025, 7, 1),
                    legal_basis="Nghị định 176/2025/NĐ-CP, Điều 2, Điều 3", code="HTXH_70_74", mark="V",
                    note="Từ đủ 70 đến dưới 75 tuổi thuộc hộ nghèo, hộ cận nghèo",
                    source="../shared/LAW-2026.md §4 (V): NĐ 176 Đ2"),
        BenefitRule(program=funeral, coefficient=Decimal("20.0"), valid_from=D(2021, 7, 1),
                    legal_basis="Nghị định 20/2021/NĐ-CP, Điều 11 khoản 2", code="MAI_TANG_20", mark="V",
                    note="20 lần mức chuẩn trợ giúp xã hội, chi một lần, mức cao nhất",
                    source="../shared/LAW-2026.md §5 (V: ít nhất 20 × mức chuẩn; số tiền tính ra: M)"),
    ]

    def gift_rule(code, amount, **selectors):
        return BenefitRule(program=gift, amount=amount, valid_from=D(2026, 1, 5), valid_to=D(2026, 1, 31),
                           legal_basis=GIFT, code=code, mark="V", source=GIFT_SOURCE, **selectors)

    rules += [gift_rule(f"QUA_300K_{c}", 300_000, merit_category_id=c) for c in ALL_CATEGORIES if c != "LIET_SI"]
    rules += [gift_rule(f"QUA_300K_TN_{c}", 300_000, merit_category_id=c, for_relatives=True) for c in ALL_CATEGORIES]
    rules += [gift_rule(f"QUA_600K_{c}", 600_000, merit_category_id=c) for c in GIFT_600K_OWN]
    rules += [gift_rule(f"QUA_600K_{c}_81", 600_000, merit_category_id=c, injury_rate_min=81, injury_rate_max=100)
              for c in GIFT_600K_OVER_81]
    rules += [gift_rule(f"QUA_600K_TN_{c}_ND", 600_000, merit_category_id=c, for_relatives=True,
                        requires_flags=["co_don"]) for c in ALL_CATEGORIES]
    rules.append(gift_rule("QUA_600K_TN_LS_2", 600_000, merit_category_id="LIET_SI", for_relatives=True,
                           relative_count_min=2))
    BenefitRule.objects.bulk_create(rules)


def unseed(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    codes = [p["code"] for p in PROGRAMS]
    apps.get_model("programs", "BenefitRule").objects.filter(program__code__in=codes).delete()
    apps.get_model("programs", "BenefitStandard").objects.filter(code="HTXH", valid_from=D(2025, 7, 1)).delete()
    Program.objects.filter(code__in=codes).delete()
    Program.objects.filter(code="UU_DAI_HANG_THANG").update(pays_each_category=False)
    Program.objects.filter(code="TCXH_HANG_THANG").update(exclusive_group="", funeral_support=False)


class Migration(migrations.Migration):
    dependencies = [("programs", "0004_seed_law_2026")]
    operations = [migrations.RunPython(seed, unseed)]
