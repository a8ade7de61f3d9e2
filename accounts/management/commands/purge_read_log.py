from django.core.management.base import BaseCommand

from accounts.readlog import read_log_purge


class Command(BaseCommand):
    help = "Xoá nhật ký truy cập dữ liệu cá nhân cũ hơn READ_LOG_RETENTION_DAYS ngày (chạy hằng ngày)."

    def handle(self, *args, **options):
        self.stdout.write(f"Đã xoá {read_log_purge()} dòng nhật ký truy cập quá hạn lưu.")
