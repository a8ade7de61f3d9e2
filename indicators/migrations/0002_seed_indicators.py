"""Seed the plan's indicators (DESIGN.md §5)."""

from decimal import Decimal

from django.db import migrations

INDICATORS = [
    ("merit_paid", "Người có công được chi trả trợ cấp hằng tháng", "percent", "100", 2030, True,
     "Người có công đang hưởng trợ cấp hằng tháng đã được chi trả trong tháng", "Người có công đang hưởng trợ cấp hằng tháng"),
    ("merit_living_standard", "Hộ người có công có mức sống từ trung bình trở lên", "percent", "100", 2030, True,
     "Hộ người có công có kết quả rà soát gần nhất không nghèo, không cận nghèo", "Hộ người có công"),
    ("protection_monthly", "Đối tượng bảo trợ xã hội đủ điều kiện được hưởng trợ cấp hằng tháng", "percent", "100",
     2030, True, "Đối tượng có hồ sơ được duyệt đang hưởng trợ cấp hằng tháng", "Đối tượng có hồ sơ được duyệt"),
    ("protection_facility", "Đối tượng có nguyện vọng được tiếp nhận vào cơ sở trợ giúp xã hội", "percent", "100",
     2030, True, "Đối tượng đang ở cơ sở", "Đối tượng có hồ sơ được duyệt, có nguyện vọng vào cơ sở"),
    ("poor_rate", "Tỷ lệ hộ nghèo", "percent", "0", 2030, False, "Hộ nghèo theo kết quả rà soát",
     "Tổng số hộ (số liệu dân cư, hoặc số hộ đã đăng ký)"),
    ("near_poor_rate", "Tỷ lệ hộ cận nghèo", "percent", None, None, False, "Hộ cận nghèo theo kết quả rà soát",
     "Tổng số hộ (số liệu dân cư, hoặc số hộ đã đăng ký)"),
    ("insured_beneficiaries", "Đối tượng chính sách có thẻ bảo hiểm y tế còn hạn", "percent", "100", 2030, True,
     "Người có thẻ BHYT còn hạn", "Người có hồ sơ người có công hoặc bảo trợ xã hội được duyệt"),
    ("cashless_share", "Chi trả không dùng tiền mặt", "percent", "100", 2030, True,
     "Khoản đã chi qua tài khoản hoặc ví điện tử trong tháng", "Khoản đã chi trong tháng"),
    ("merit_housing", "Hộ người có công được hỗ trợ nhà ở hoàn thành", "percent", "100", 2030, True,
     "Hộ đã hoàn thành công trình", "Hộ người có công có hồ sơ hỗ trợ nhà ở"),
    ("facilities", "Cơ sở trợ giúp xã hội (công lập và ngoài công lập)", "count", "7", 2030, True,
     "Cơ sở đang hoạt động", ""),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.bulk_create([
        Indicator(code=c, name=n, unit=u, target_value=Decimal(t) if t is not None else None, target_year=y,
                  higher_is_better=hb, numerator_label=num, denominator_label=den, sort_order=i)
        for i, (c, n, u, t, y, hb, num, den) in enumerate(INDICATORS, 1)
    ])


def unseed(apps, schema_editor):
    apps.get_model("indicators", "Indicator").objects.filter(code__in=[r[0] for r in INDICATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_indicators")]
    operations = [migrations.RunPython(seed, unseed)]
