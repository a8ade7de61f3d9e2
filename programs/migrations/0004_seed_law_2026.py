"""Seed the law as it stands in 2026 (../shared/LAW-2026.md), as data:

- every row of the NĐ 77/2024 merit table marked V (seen) or M (derived) in ``programs/data/merit_nd77_2024.csv``
  (a copy of ../shared/law/merit_nd77_2024.csv) becomes a rule from 2024-07-01 with its code, mark and source;
  rows marked NOT_FOUND are not invented: they stay absent until an administrator enters them;
- the age limits of the NĐ 20/2021 groups (who a group covers, by age), the CĐHH injury rate, the categories
  paid only once (HĐKC), and the community allowance not paid while the person is cared for in a facility.

The reverse removes the rows added here and restores the earlier values.
"""

import csv
import datetime
from pathlib import Path

from django.db import migrations

D = datetime.date
FROM = D(2024, 7, 1)
CSV = Path(__file__).resolve().parent.parent / "data" / "merit_nd77_2024.csv"
BASIS = {"I": "Nghị định 77/2024/NĐ-CP, Phụ lục I", "II": "Nghị định 77/2024/NĐ-CP, Phụ lục II",
         "III": "Nghị định 77/2024/NĐ-CP, Phụ lục III"}

# What each row of the table selects (the amounts come from the file). Keys: cat, rel (relatives),
# comp, lo/hi (injury rate), type (war invalid A/B), flags, per_year, count (number of martyrs: lo, hi).
SPEC = {
    "HDCM_T45_THOATLY": dict(cat="LT_CM", flags=["thoat_ly"]),
    "HDCM_T45_PHUCAP": dict(cat="LT_CM", comp="allowance", flags=["thoat_ly"], per_year=True),
    "HDCM_T45_KHONG_THOATLY": dict(cat="LT_CM", flags=["khong_thoat_ly"]),
    "HDCM_T45_TUAT": dict(cat="LT_CM", rel=True),
    "HDCM_T45_TUAT_ND": dict(cat="LT_CM", rel=True, comp="allowance", flags=["co_don"]),
    "TKN": dict(cat="TIEN_KN"),
    "TKN_TUAT": dict(cat="TIEN_KN", rel=True),
    "TKN_TUAT_ND": dict(cat="TIEN_KN", rel=True, comp="allowance", flags=["co_don"]),
    "LS_TN1": dict(cat="LIET_SI", rel=True, count=(1, 1)),
    "LS_TN2": dict(cat="LIET_SI", rel=True, count=(2, 2)),
    "LS_TN3": dict(cat="LIET_SI", rel=True, count=(3, None)),
    "LS_VC_TAI_GIA": dict(cat="LIET_SI", rel=True, flags=["tai_gia"]),
    "LS_TUAT_ND": dict(cat="LIET_SI", rel=True, comp="allowance", flags=["co_don"]),
    "BMVNAH_TC": dict(cat="BM_VNAH"),
    "BMVNAH_PC": dict(cat="BM_VNAH", comp="allowance"),
    "BMVNAH_NGUOI_PHUC_VU": dict(cat="BM_VNAH", comp="carer", flags=["song_o_gia_dinh"]),
    "AH_LLVT_AHLD": dict(cat=("AH_LLVT", "AH_LD_KC"), comp="allowance"),
    "TB_PC_81": dict(cat="THUONG_BINH", comp="allowance", lo=81, hi=100),
    "TB_PC_DAC_BIET": dict(cat="THUONG_BINH", comp="special", lo=81, hi=100, flags=["dac_biet_nang"]),
    "TB_NGUOI_PHUC_VU_81": dict(cat="THUONG_BINH", comp="carer", lo=81, hi=100, flags=["song_o_gia_dinh"]),
    "TB_NGUOI_PHUC_VU_DB": dict(cat="THUONG_BINH", comp="carer", lo=81, hi=100,
                                flags=["dac_biet_nang", "song_o_gia_dinh"]),
    "TB_TUAT_61": dict(cat="THUONG_BINH", rel=True, lo=61, hi=100),
    "TB_TUAT_ND": dict(cat="THUONG_BINH", rel=True, comp="allowance", lo=61, hi=100, flags=["co_don"]),
    "TBB_21": dict(cat="THUONG_BINH", type="B", lo=21, hi=21, appendix="III"),
    "TBB_100": dict(cat="THUONG_BINH", type="B", lo=100, hi=100, appendix="III"),
    "BB_41_50": dict(cat="BENH_BINH", lo=41, hi=50),
    "BB_51_60": dict(cat="BENH_BINH", lo=51, hi=60),
    "BB_61_70": dict(cat="BENH_BINH", lo=61, hi=70),
    "BB_71_80": dict(cat="BENH_BINH", lo=71, hi=80),
    "BB_81_90": dict(cat="BENH_BINH", lo=81, hi=90),
    "BB_91_100": dict(cat="BENH_BINH", lo=91, hi=100),
    "BB_PC_81": dict(cat="BENH_BINH", comp="allowance", lo=81, hi=100),
    "CDHH_21_40": dict(cat="CDHH", lo=21, hi=40),
    "CDHH_41_60": dict(cat="CDHH", lo=41, hi=60),
    "CDHH_61_80": dict(cat="CDHH", lo=61, hi=80),
    "CDHH_81": dict(cat="CDHH", lo=81, hi=100),
    "CDHH_PC_81": dict(cat="CDHH", comp="allowance", lo=81, hi=100),
    "CDHH_PC_DB": dict(cat="CDHH", comp="special", lo=81, hi=100, flags=["dac_biet_nang"]),
    "CDHH_NGUOI_PHUC_VU": dict(cat="CDHH", comp="carer", lo=81, hi=100, flags=["song_o_gia_dinh"]),
    "CDHH_TUAT_61": dict(cat="CDHH", rel=True, lo=61, hi=100),
    "CDHH_CON_61_80": dict(cat="CDHH", rel=True, lo=61, hi=80, flags=["con_di_dang"]),
    "TU_DAY": dict(cat="TU_DAY"),
}
SPEC.update({f"TB_{rate}": dict(cat="THUONG_BINH", type="A", lo=rate, hi=rate, appendix="II")
             for rate in range(21, 101)})
# Not monthly allowances of this program: the base itself (a BenefitStandard) and the per-stay convalescence.
NOT_RULES = {"NCC_BASE", "DIEU_DUONG_TAP_TRUNG", "DIEU_DUONG_TAI_NHA"}

# Who an NĐ 20/2021 group covers, by age (Đ5): (group, age_min, age_max, requires_studying)
GROUP_AGES = [
    ("TE_KNND", None, 16, False), ("TN_16_22", 16, 22, True), ("TE_HIV", None, 16, False),
    ("TE_U3_DBKK", None, 3, False), ("NCT_NGHEO", 60, None, False), ("NCT_75_80_DBKK", 75, 80, False),
    ("NCT_80", 80, None, False), ("HIV_NGHEO", 16, None, False),
]


def table_rows():
    with CSV.open(encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def seed(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    BenefitRule = apps.get_model("programs", "BenefitRule")
    MeritCategory = apps.get_model("beneficiaries", "MeritCategory")
    ProtectionGroup = apps.get_model("beneficiaries", "ProtectionGroup")

    MeritCategory.objects.filter(code="CDHH").update(injury_rate_min=21, injury_rate_max=100)
    MeritCategory.objects.filter(code="HDKC").update(monthly_allowance=False)
    for code, low, high, studying in GROUP_AGES:
        ProtectionGroup.objects.filter(code=code).update(age_min=low, age_max=high, requires_studying=studying)
    Program.objects.filter(code="TCXH_HANG_THANG").update(paused_in_facility=True)

    program = Program.objects.get(code="UU_DAI_HANG_THANG")
    seeded = BenefitRule.objects.filter(program=program, valid_from=FROM)
    new = []
    for row in table_rows():
        code, mark = row["category_code_suggestion"], row["V_or_M"]
        if mark not in ("V", "M") or code in NOT_RULES:
            continue
        spec = SPEC[code]
        comp = spec.get("comp", "main")
        count_lo, count_hi = spec.get("count", (None, None))
        extra = dict(code=code, mark=mark, source=f"{row['source']}\n{row['notes']}".strip(),
                     legal_basis=BASIS[spec.get("appendix", "I")], note=f"{row['category_vi']}: {row['condition']}"[:300])
        for category in (spec["cat"] if isinstance(spec["cat"], tuple) else (spec["cat"],)):
            selectors = dict(merit_category_id=category, for_relatives=spec.get("rel", False), component=comp,
                             relative_count_min=count_lo, relative_count_max=count_hi,
                             injury_rate_min=spec.get("lo"), injury_rate_max=spec.get("hi"),
                             war_invalid_type=spec.get("type", ""), requires_flags=spec.get("flags", []),
                             per_year=spec.get("per_year", False))
            amount = int(row["amount_vnd_from_2024_07_01"])
            # the rows of 0002 (TIEN_KN, martyrs' relatives, BM_VNAH, heroes, TU_DAY) get their code and mark
            same = seeded.filter(merit_category_id=category, for_relatives=selectors["for_relatives"],
                                 component=comp, relative_count_min=count_lo, code="", amount=amount,
                                 requires_flags=[])
            if not selectors["requires_flags"] and same.update(**extra):
                continue
            new.append(BenefitRule(program=program, amount=amount, valid_from=FROM, **selectors, **extra))
    BenefitRule.objects.bulk_create(new)


def unseed(apps, schema_editor):
    BenefitRule = apps.get_model("programs", "BenefitRule")
    program = apps.get_model("programs", "Program").objects.get(code="UU_DAI_HANG_THANG")
    rules = BenefitRule.objects.filter(program=program, valid_from=FROM).exclude(code="")
    rules.exclude(code__in=["TKN", "LS_TN1", "LS_TN2", "LS_TN3", "BMVNAH_TC", "BMVNAH_PC", "AH_LLVT_AHLD",
                            "TU_DAY"]).delete()
    rules.update(code="", mark="V", source="", legal_basis="Nghị định 77/2024/NĐ-CP, Phụ lục")
    apps.get_model("beneficiaries", "MeritCategory").objects.filter(code="CDHH").update(
        injury_rate_min=None, injury_rate_max=None)
    apps.get_model("beneficiaries", "MeritCategory").objects.filter(code="HDKC").update(monthly_allowance=True)
    apps.get_model("beneficiaries", "ProtectionGroup").objects.update(age_min=None, age_max=None,
                                                                      requires_studying=False)
    apps.get_model("programs", "Program").objects.filter(code="TCXH_HANG_THANG").update(paused_in_facility=False)


class Migration(migrations.Migration):
    dependencies = [("programs", "0003_law_2026_fields"), ("beneficiaries", "0008_law_2026_fields")]
    operations = [migrations.RunPython(seed, unseed)]
