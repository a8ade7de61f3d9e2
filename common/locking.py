"""One lock order for the whole system, so that two transactions never wait for each other in a circle:

1. the person (``beneficiaries.Person``) before any record of theirs (profiles, enrollments, payment lines);
2. several rows of one table in ascending id order.

Recording a death locks the person, then their enrollments; approving an enrollment used to lock the enrollment,
then the person: the two could deadlock. Every workflow action now locks the person first (``lock_case``).
"""

from django.db.models import Model


def lock_person_of(record: Model) -> None:
    """Lock the row of ``record``'s person (``record.person``) for this transaction: the first lock of any change
    to one of their records. The model is read from the foreign key, so this module needs no domain app."""
    person_model = type(record)._meta.get_field("person").related_model
    list(person_model.objects.select_for_update().filter(pk=record.person_id).values_list("pk", flat=True))
