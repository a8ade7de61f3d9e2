from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Tài khoản và phân quyền"

    def ready(self):
        from accounts import lockout  # noqa: F401  (connects the sign-in signal handlers)
