"""Route the complaints received before routing existed, by the decision table in force on their day.

The same rule as ``complaints.services.complaint_route``: the most specific subject names the decision (a payment
line its program's batches, an enrollment its program, a profile or housing case its kind); the commune handles
what the commune decides and a complaint about no particular case.
"""

from django.db import migrations
from django.db.models import Q


def route(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    DecisionRule = apps.get_model("programs", "DecisionRule")
    rules = list(DecisionRule.objects.all())

    def rule_for(subject, program_id, day):
        rows = sorted((r for r in rules if r.subject == subject and r.valid_from <= day
                       and (r.valid_to is None or r.valid_to >= day)), key=lambda r: r.valid_from, reverse=True)
        own = [r for r in rows if program_id is not None and r.program_id == program_id]
        return (own or [r for r in rows if r.program_id is None] or [None])[0]

    subjects = Q(payment__isnull=False) | Q(enrollment__isnull=False) | Q(protection_profile__isnull=False) \
        | Q(merit_profile__isnull=False) | Q(housing_case__isnull=False)
    for complaint in Complaint.objects.filter(subjects).select_related("payment__enrollment", "enrollment"):
        if complaint.payment_id:
            rule = rule_for("payment_batch", complaint.payment.enrollment.program_id, complaint.received_on)
        elif complaint.enrollment_id:
            rule = rule_for("enrollment", complaint.enrollment.program_id, complaint.received_on)
        elif complaint.protection_profile_id:
            rule = rule_for("protection_profile", None, complaint.received_on)
        elif complaint.merit_profile_id:
            rule = rule_for("merit_profile", None, complaint.received_on)
        else:
            rule = rule_for("housing_case", None, complaint.received_on)
        if rule is not None:
            Complaint.objects.filter(pk=complaint.pk).update(level=rule.level, agency=rule.agency)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0006_routing"), ("programs", "0007_seed_decision_rules")]
    operations = [migrations.RunPython(route, migrations.RunPython.noop)]
