import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from indicators.services import snapshot_indicators


class Command(BaseCommand):
    help = ("Tính từ hồ sơ và lưu giá trị các chỉ tiêu của từng tỉnh và từng xã vào một ngày (mặc định hôm nay; "
            "chạy lại chỉ cập nhật). Các trang dùng số liệu đã lưu của hôm nay khi còn mới.")

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=datetime.date.fromisoformat, help="YYYY-MM-DD (mặc định: hôm nay)")
        parser.add_argument("--yesterday", action="store_true",
                            help="hôm qua, tính lại trọn ngày (chạy sau nửa đêm)")
        parser.add_argument("--province", help="chỉ một tỉnh, ví dụ 24")

    def handle(self, *args, as_of=None, yesterday=False, province=None, **options):
        day = as_of or timezone.localdate() - datetime.timedelta(days=1 if yesterday else 0)
        count = snapshot_indicators(as_of=day, province_code=province)
        self.stdout.write(f"Đã lưu {count} giá trị chỉ tiêu ngày {day:%d/%m/%Y}.")
