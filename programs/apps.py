from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Chính sách, mức hưởng và chi trả hằng tháng"

    def ready(self):
        from django.db.models.signals import post_save

        from accounts.navigation import pending_counts_changed, register_counter
        from common.models import Transition
        from programs import queues

        register_counter("beneficiaries:review_queue", queues.review_queue_count)
        register_counter("programs:enrollment_queue", queues.enrollment_queue_count)
        register_counter("beneficiaries:returned_list", queues.returned_count)

        def acted(sender, instance, created, **kwargs):  # the user's own queues change at once
            if created:
                pending_counts_changed(instance.by)

        post_save.connect(acted, sender=Transition, dispatch_uid="menu-counts", weak=False)  # a local function
