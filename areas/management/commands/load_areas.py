from django.core.management.base import BaseCommand, CommandError

from areas.services import areas_load
from common.exceptions import DomainError


class Command(BaseCommand):
    help = "Nạp danh mục đơn vị hành chính chính thức (34 tỉnh, 3.321 xã) và bảng chuyển đổi từ danh mục cũ."

    def add_arguments(self, parser):
        parser.add_argument("--province", metavar="CODE", help="chỉ nạp một tỉnh, ví dụ 24 (Bắc Ninh)")

    def handle(self, *args, province=None, **options):
        try:
            result = areas_load(province_code=province)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Đơn vị hành chính: {result.created} mới, {result.updated} đã có, {result.deactivated} ngừng hiệu lực; "
            f"danh mục cũ: {result.legacy_units} đơn vị, {result.legacy_links} liên kết chuyển đổi."
        )
