from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Chính sách, mức hưởng và chi trả hằng tháng"
