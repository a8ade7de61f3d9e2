from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Agency
from accounts.services import staff_assign_agency


class Command(BaseCommand):
    help = "Giao một tài khoản Sở cho một Sở (Nội vụ, Y tế, Nông nghiệp và Môi trường)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("agency", help=", ".join(Agency.values))

    def handle(self, *args, username, agency, **options):
        try:
            user = staff_assign_agency(username=username, agency=agency)
        except ValidationError as exc:
            raise CommandError("\n".join(f"{f}: {' '.join(m)}" for f, m in exc.message_dict.items())) from exc
        self.stdout.write(f"{user.username}: {user.get_agency_display()}.")
