from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.backup import restore_archive


class Command(BaseCommand):
    help = "Khôi phục một bản sao lưu vào CSDL rỗng (--force: ghi đè CSDL đang có), rồi đối chiếu bản kê."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--force", action="store_true", help="ghi đè một CSDL không rỗng")

    def handle(self, *args, archive, force=False, **options):
        try:
            differing = restore_archive(Path(archive), force=force)
        except RuntimeError as exc:
            if str(exc) == "not_empty":
                raise CommandError("CSDL đích không rỗng: dùng một CSDL mới, hoặc --force để ghi đè.") from exc
            raise CommandError(f"Bản sao lưu hỏng ({exc}).") from exc
        if differing:
            raise CommandError(f"Đã khôi phục nhưng {len(differing)} bảng khác bản kê: {', '.join(differing)}")
        self.stdout.write("Đã khôi phục; mọi bảng khớp bản kê (số dòng và mã kiểm tra).")
