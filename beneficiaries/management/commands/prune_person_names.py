from django.core.management.base import BaseCommand

from beneficiaries.services.names import person_names_prune


class Command(BaseCommand):
    help = "Xoá các khoá tìm kiếm họ tên không còn ai mang (sau khi đổi tên, xoá người); chạy định kỳ (cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"Đã xoá {person_names_prune():,} khoá tên không còn dùng.")
