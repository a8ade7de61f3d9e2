"""Seed the legal reference data of ../shared/DOMAIN.md §1, §2, §3 and §5.

Effective-dated, with the legal basis; an administrator edits or adds rows in
the admin (e.g. a province's local poverty standard). The reverse removes
exactly the rows seeded here.
"""

import datetime

from django.db import migrations

D = datetime.date

MERIT_CATEGORIES = [
    # code, name, deceased category, injury rate min, max
    ("LT_CM", "Người hoạt động cách mạng trước ngày 01 tháng 01 năm 1945", False, None, None),
    ("TIEN_KN", "Người hoạt động cách mạng từ ngày 01 tháng 01 năm 1945 đến ngày khởi nghĩa tháng Tám năm 1945",
     False, None, None),
    ("LIET_SI", "Liệt sĩ", True, None, None),
    ("BM_VNAH", "Bà mẹ Việt Nam anh hùng", False, None, None),
    ("AH_LLVT", "Anh hùng Lực lượng vũ trang nhân dân", False, None, None),
    ("AH_LD_KC", "Anh hùng Lao động trong thời kỳ kháng chiến", False, None, None),
    ("THUONG_BINH", "Thương binh, bao gồm thương binh loại B được công nhận trước ngày 31/12/1993; "
                    "người hưởng chính sách như thương binh", False, 21, 100),
    ("BENH_BINH", "Bệnh binh", False, 41, 100),
    ("CDHH", "Người hoạt động kháng chiến bị nhiễm chất độc hóa học", False, None, None),
    ("TU_DAY", "Người hoạt động cách mạng, kháng chiến, bảo vệ Tổ quốc, làm nghĩa vụ quốc tế bị địch bắt tù, đày",
     False, None, None),
    ("HDKC", "Người hoạt động kháng chiến giải phóng dân tộc, bảo vệ Tổ quốc và làm nghĩa vụ quốc tế",
     False, None, None),
    ("GIUP_DO_CM", "Người có công giúp đỡ cách mạng", False, None, None),
]
MERIT_BASIS = "Pháp lệnh Ưu đãi người có công với cách mạng 02/2020/UBTVQH14, Điều 3 khoản 1"

RELATIVE_TYPES = [
    ("CHA_DE", "Cha đẻ"),
    ("ME_DE", "Mẹ đẻ"),
    ("VO_CHONG", "Vợ hoặc chồng"),
    ("CON", "Con (con đẻ, con nuôi)"),
    ("NGUOI_NUOI_LS", "Người có công nuôi liệt sĩ"),
]
RELATIVE_BASIS = "Pháp lệnh 02/2020/UBTVQH14, Điều 3 khoản 2"

PROTECTION_GROUPS = [
    # code, article, name, requires children count, disability level
    ("TE_KNND", "k1", "Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng (bị bỏ rơi, mồ côi…)", False, ""),
    ("TN_16_22", "k2", "Người từ 16 đến 22 tuổi thuộc nhóm k1 đang đi học", False, ""),
    ("TE_HIV", "k3", "Trẻ em nhiễm HIV/AIDS thuộc hộ nghèo", False, ""),
    ("DON_THAN", "k4", "Người đơn thân thuộc hộ nghèo, hộ cận nghèo đang nuôi con", True, ""),
    ("NCT_NGHEO", "k5a", "Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng", False, ""),
    ("NCT_75_80_DBKK", "k5b", "Người từ 75 đến 80 tuổi thuộc hộ nghèo, cận nghèo ở xã đặc biệt khó khăn", False, ""),
    ("NCT_80", "k5c", "Người từ đủ 80 tuổi trở lên không có lương hưu, trợ cấp hằng tháng", False, ""),
    ("NCT_CONG_DONG", "k5d", "Người cao tuổi thuộc hộ nghèo đủ điều kiện vào cơ sở nhưng được chăm sóc tại cộng đồng",
     False, ""),
    ("NKT_DBN", "k6", "Người khuyết tật đặc biệt nặng", False, "đặc biệt nặng"),
    ("NKT_NANG", "k6", "Người khuyết tật nặng", False, "nặng"),
    ("TE_U3_DBKK", "k7", "Trẻ em dưới 3 tuổi thuộc hộ nghèo, cận nghèo ở xã đặc biệt khó khăn", False, ""),
    ("HIV_NGHEO", "k8", "Người nhiễm HIV/AIDS thuộc hộ nghèo không có lương hưu, trợ cấp hằng tháng", False, ""),
]
PROTECTION_BASIS = "Nghị định 20/2021/NĐ-CP, Điều 5"

INDICATORS = [
    ("VIEC_LAM", "Việc làm", "Việc làm"),
    ("NGUOI_PHU_THUOC", "Việc làm", "Người phụ thuộc trong hộ gia đình"),
    ("DINH_DUONG", "Y tế", "Dinh dưỡng"),
    ("BHYT", "Y tế", "Bảo hiểm y tế"),
    ("GD_NGUOI_LON", "Giáo dục", "Trình độ giáo dục của người lớn"),
    ("DI_HOC_TRE_EM", "Giáo dục", "Tình trạng đi học của trẻ em"),
    ("CL_NHA_O", "Nhà ở", "Chất lượng nhà ở"),
    ("DT_NHA_O", "Nhà ở", "Diện tích nhà ở bình quân đầu người"),
    ("NUOC_SH", "Nước sinh hoạt và vệ sinh", "Nguồn nước sinh hoạt"),
    ("NHA_TIEU", "Nước sinh hoạt và vệ sinh", "Nhà tiêu hợp vệ sinh"),
    ("VIEN_THONG", "Thông tin", "Sử dụng dịch vụ viễn thông"),
    ("TIEP_CAN_TT", "Thông tin", "Phương tiện phục vụ tiếp cận thông tin"),
]

POVERTY_STANDARDS = [
    dict(code="ND07_2021", name="Chuẩn nghèo đa chiều giai đoạn 2022–2025 (kéo dài đến hết 2026)",
         legal_basis="Nghị định 07/2021/NĐ-CP; Nghị định 351/2025/NĐ-CP", valid_from=D(2022, 1, 1),
         valid_to=D(2026, 12, 31), rural_poverty_line=1_500_000, urban_poverty_line=2_000_000,
         rural_average_line=2_250_000, urban_average_line=3_000_000, min_deprivations_poor=3, sort_order=1),
    dict(code="ND351_2025", name="Chuẩn nghèo đa chiều giai đoạn 2027–2030",
         legal_basis="Nghị định 351/2025/NĐ-CP", valid_from=D(2027, 1, 1), valid_to=D(2030, 12, 31),
         rural_poverty_line=2_200_000, urban_poverty_line=2_800_000, rural_average_line=None,
         urban_average_line=None, min_deprivations_poor=3, sort_order=2),
]

ID_PROVINCES = (
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 040 "
    "042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 "
    "086 087 089 091 092 093 094 095 096"
).split()


def seed(apps, schema_editor):
    MeritCategory = apps.get_model("beneficiaries", "MeritCategory")
    RelativeType = apps.get_model("beneficiaries", "RelativeType")
    ProtectionGroup = apps.get_model("beneficiaries", "ProtectionGroup")
    DeprivationIndicator = apps.get_model("beneficiaries", "DeprivationIndicator")
    PovertyStandard = apps.get_model("beneficiaries", "PovertyStandard")
    IdIssuingProvince = apps.get_model("beneficiaries", "IdIssuingProvince")

    since_2020 = D(2021, 7, 1)  # the Ordinance took effect on 2021-07-01
    MeritCategory.objects.bulk_create([
        MeritCategory(code=c, name=n, is_deceased_category=dead, injury_rate_min=lo, injury_rate_max=hi,
                      legal_basis=MERIT_BASIS, valid_from=since_2020, sort_order=i)
        for i, (c, n, dead, lo, hi) in enumerate(MERIT_CATEGORIES, 1)
    ])
    RelativeType.objects.bulk_create([
        RelativeType(code=c, name=n, legal_basis=RELATIVE_BASIS, valid_from=since_2020, sort_order=i)
        for i, (c, n) in enumerate(RELATIVE_TYPES, 1)
    ])
    ProtectionGroup.objects.bulk_create([
        ProtectionGroup(code=c, article=a, name=n, requires_children_count=kids, disability_level=level,
                        legal_basis=PROTECTION_BASIS, valid_from=D(2021, 7, 1), sort_order=i)
        for i, (c, a, n, kids, level) in enumerate(PROTECTION_GROUPS, 1)
    ])
    DeprivationIndicator.objects.bulk_create([
        DeprivationIndicator(code=c, dimension=d, name=n, legal_basis="Nghị định 07/2021/NĐ-CP",
                             valid_from=D(2022, 1, 1), sort_order=i)
        for i, (c, d, n) in enumerate(INDICATORS, 1)
    ])
    PovertyStandard.objects.bulk_create([PovertyStandard(**row) for row in POVERTY_STANDARDS])
    # The codes are the pre-2025 province codes ("024" = old Bắc Giang); see areas.LegacyArea for names.
    IdIssuingProvince.objects.bulk_create([IdIssuingProvince(code=c) for c in ID_PROVINCES])


def unseed(apps, schema_editor):
    apps.get_model("beneficiaries", "MeritCategory").objects.filter(code__in=[r[0] for r in MERIT_CATEGORIES]).delete()
    apps.get_model("beneficiaries", "RelativeType").objects.filter(code__in=[r[0] for r in RELATIVE_TYPES]).delete()
    apps.get_model("beneficiaries", "ProtectionGroup").objects.filter(
        code__in=[r[0] for r in PROTECTION_GROUPS]).delete()
    apps.get_model("beneficiaries", "DeprivationIndicator").objects.filter(
        code__in=[r[0] for r in INDICATORS]).delete()
    apps.get_model("beneficiaries", "PovertyStandard").objects.filter(
        code__in=[r["code"] for r in POVERTY_STANDARDS]).delete()
    apps.get_model("beneficiaries", "IdIssuingProvince").objects.filter(code__in=ID_PROVINCES).delete()


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0001_registry")]

    operations = [
        migrations.RunPython(seed, unseed),
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS beneficiaries_household_code_seq",
            "DROP SEQUENCE IF EXISTS beneficiaries_household_code_seq",
        ),
    ]
