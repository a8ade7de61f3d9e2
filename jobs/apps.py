from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Tác vụ nền và nhập/xuất tệp"

    def ready(self):
        autodiscover_modules("jobs")  # each app's jobs module declares its kinds (jobs/registry.py)
