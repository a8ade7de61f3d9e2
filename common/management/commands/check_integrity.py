from django.core.management.base import BaseCommand, CommandError

from common.integrity import CHECKS, check_all


class Command(BaseCommand):
    help = "Kiểm tra những điều ràng buộc CSDL không kiểm được (tổng bảng chi trả, chi trùng, mã giao dịch…)."

    def handle(self, *args, **options):
        findings = check_all()
        for finding in findings:
            self.stdout.write(f"✗ {finding.check}: {finding.message} — {finding.count} "
                              f"(ví dụ: {', '.join(map(str, finding.sample))})")
        if findings:
            raise CommandError(f"{len(findings)} vấn đề toàn vẹn dữ liệu.")
        self.stdout.write(f"✓ {len(CHECKS)} nhóm kiểm tra: không có vấn đề.")
