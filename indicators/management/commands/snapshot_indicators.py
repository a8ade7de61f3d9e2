import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from indicators.services import snapshot_indicators


class Command(BaseCommand):
    help = "Lưu giá trị các chỉ tiêu cho từng tỉnh và xã có dữ liệu vào một ngày (chạy lại không tạo bản trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=datetime.date.fromisoformat, help="YYYY-MM-DD (mặc định: hôm nay)")
        parser.add_argument("--province", help="chỉ một tỉnh, ví dụ 24")

    def handle(self, *args, as_of=None, province=None, **options):
        day = as_of or timezone.localdate()
        count = snapshot_indicators(as_of=day, province_code=province)
        self.stdout.write(f"Đã lưu {count} giá trị chỉ tiêu ngày {day:%d/%m/%Y}.")
