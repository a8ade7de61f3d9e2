import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Role
from accounts.services import staff_create


class Command(BaseCommand):
    help = "Tạo tài khoản cán bộ với vai trò và địa bàn phụ trách."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", help="bỏ trống để nhập (không hiện) từ bàn phím")
        parser.add_argument("--role", required=True, help=", ".join(Role.values))
        parser.add_argument("--area", help="mã đơn vị hành chính (bắt buộc trừ vai trò admin), ví dụ 24 hoặc 07210")
        parser.add_argument("--agency", default="",
                            help="Sở: noi_vu, y_te, nn_mt (bắt buộc với chuyên viên, lãnh đạo Sở)")
        parser.add_argument("--full-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, **opts):
        if not opts["password"]:
            if not sys.stdin.isatty():
                raise CommandError("Thiếu --password (và không có bàn phím để nhập).")
            opts["password"] = getpass.getpass("Mật khẩu: ")
        try:
            user = staff_create(
                username=opts["username"], password=opts["password"], role=opts["role"], area_code=opts["area"],
                full_name=opts["full_name"], email=opts["email"], agency=opts["agency"],
            )
        except ValidationError as exc:
            lines = [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
            raise CommandError("\n".join(lines)) from exc
        agency = f", {user.get_agency_display()}" if user.agency else ""
        self.stdout.write(f"Đã tạo {user.username} ({user.get_role_display()}{agency}, {user.area or 'toàn quốc'}).")
