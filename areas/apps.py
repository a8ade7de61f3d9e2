from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "areas"
    verbose_name = "Đơn vị hành chính"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from areas.selectors import area_cache_clear

        post_save.connect(area_cache_clear, sender="areas.Area", dispatch_uid="area_cache_clear_on_save")
        post_delete.connect(area_cache_clear, sender="areas.Area", dispatch_uid="area_cache_clear_on_delete")
