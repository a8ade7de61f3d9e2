from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Agency, Role
from accounts.services import staff_create
from areas.services import areas_load
from beneficiaries.demo import COMMUNES, seed_registry
from complaints.demo import seed_complaints
from housing.demo import seed_housing
from payments.demo import seed_payments
from programs.demo import seed_programs

PROVINCE = "24"  # Bắc Ninh
PASSWORD = "demo-2026-ansinh"
DEMO_USERS = [
    # username, role, area code, full name, agency
    ("admin", Role.ADMIN, PROVINCE, "Quản trị hệ thống", ""),
    ("chuyenvien", Role.SO_SPECIALIST, PROVINCE, "Nguyễn Thị Lan (chuyên viên Sở Y tế)", Agency.Y_TE),
    ("lanhdao", Role.SO_LEADER, PROVINCE, "Trần Văn Minh (lãnh đạo Sở Y tế)", Agency.Y_TE),
    ("chuyenvien.noivu", Role.SO_SPECIALIST, PROVINCE, "Đặng Văn Quân (chuyên viên Sở Nội vụ)", Agency.NOI_VU),
    ("lanhdao.noivu", Role.SO_LEADER, PROVINCE, "Vũ Thị Hằng (lãnh đạo Sở Nội vụ)", Agency.NOI_VU),
    ("chuyenvien.nnmt", Role.SO_SPECIALIST, PROVINCE, "Ngô Văn Đức (chuyên viên Sở NN&MT)", Agency.NN_MT),
    ("lanhdao.nnmt", Role.SO_LEADER, PROVINCE, "Phan Thị Yến (lãnh đạo Sở NN&MT)", Agency.NN_MT),
    ("thongke", Role.VIEWER, PROVINCE, "Lê Thu Hà (thống kê)", ""),
    ("canbo.bacgiang", Role.COMMUNE_OFFICER, "07210", "Phạm Văn Hùng (cán bộ phường Bắc Giang)", ""),
    ("canbo.tayyentu", Role.COMMUNE_OFFICER, "07616", "Hoàng Thị Mai (cán bộ xã Tây Yên Tử)", ""),
    ("chutich.bacgiang", Role.COMMUNE_LEADER, "07210", "Lý Văn Thành (chủ tịch UBND phường Bắc Giang)", ""),
    ("chutich.tayyentu", Role.COMMUNE_LEADER, "07616", "Đinh Thị Xuân (chủ tịch UBND xã Tây Yên Tử)", ""),
]


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính tỉnh Bắc Ninh và tạo một tài khoản mẫu cho mỗi vai trò (chỉ khi DEBUG bật)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo chỉ chạy khi DJANGO_DEBUG bật: không tạo tài khoản mẫu trên hệ thống thật.")
        result = areas_load(province_code=PROVINCE)
        self.stdout.write(f"Bắc Ninh: {result.created + result.updated} đơn vị hành chính.")
        self.stdout.write(f"\nTài khoản mẫu (mật khẩu chung: {PASSWORD})")
        users = {}
        for username, role, area_code, full_name, agency in DEMO_USERS:
            user = staff_create(
                username=username, password=PASSWORD, role=role, area_code=area_code, full_name=full_name,
                agency=agency, update_existing=True,
            )
            users[username] = user
            where = f"{user.area}" + (f" — {user.get_agency_display()}" if user.agency else "")
            self.stdout.write(f"  {username:<17} {user.get_role_display():<18} {where}")
        # Every demo commune has an officer and its chairman: social assistance is decided and paid there.
        for code in COMMUNES:
            for role, prefix, title in ((Role.COMMUNE_OFFICER, "canbo", "Cán bộ"),
                                        (Role.COMMUNE_LEADER, "chutich", "Chủ tịch UBND")):
                if not any(u.role == role and u.area.code == code for u in users.values()):
                    user = staff_create(username=f"{prefix}.{code}", password=PASSWORD, role=role, area_code=code,
                                        full_name=f"{title} ({code})", update_existing=True)
                    users[user.username] = user
                    self.stdout.write(f"  {user.username:<17} {user.get_role_display():<18} {user.area}")
        officers = {u.area.code: u for u in users.values() if u.role == Role.COMMUNE_OFFICER}
        staff = list(users.values())
        created = seed_registry(officers=officers, specialist=users["chuyenvien"], leader=users["lanhdao"],
                                staff=staff)
        if created:
            self.stdout.write(f"\nHồ sơ mẫu: {created} người ở {len(COMMUNES)} xã/phường, mọi trạng thái hồ sơ.")
        enrolled = seed_programs(officers=officers, specialist=users["chuyenvien"], leader=users["lanhdao"],
                                 staff=staff)
        if enrolled:
            self.stdout.write(f"Chế độ mẫu: {enrolled} quyết định hưởng; 3 cơ sở trợ giúp xã hội.")
        paid, batch_count = seed_payments(staff=staff, communes=COMMUNES)
        if paid:
            self.stdout.write(f"Chi trả mẫu: {paid} dòng trong {batch_count} bảng tháng này (trợ cấp xã hội: mỗi xã "
                              "một bảng) đã lập, duyệt, xuất file và đối soát.")
        housing = seed_housing(officers=officers, specialist=users["chuyenvien.noivu"], leader=users["lanhdao.noivu"])
        if housing:
            self.stdout.write(f"Hỗ trợ nhà ở mẫu: {housing} hồ sơ ở các bước khác nhau.")
        complaints = seed_complaints(officers=officers, staff=staff)
        if complaints:
            self.stdout.write(f"Đơn thư mẫu: {complaints} đơn (một đơn quá hạn mỗi xã, một đơn về khoản chi bị lỗi).")
