from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from common.backup import backup_archive


class Command(BaseCommand):
    help = "Sao lưu CSDL (pg_dump) và tệp tải lên vào một tệp nén, kèm bản kê số dòng và mã kiểm tra mỗi bảng."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="tệp đích (mặc định var/backups/an_sinh_YYYYmmdd_HHMM.tar.gz)")

    def handle(self, *args, output=None, **options):
        path = Path(output or settings.BASE_DIR / "var" / "backups" /
                    f"an_sinh_{timezone.localtime():%Y%m%d_%H%M}.tar.gz")
        manifest = backup_archive(path)
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(f"Đã sao lưu {len(manifest['tables'])} bảng, {rows:,} dòng, "
                          f"{len(manifest['migrations'])} migration → {path} ({path.stat().st_size:,} byte)")
