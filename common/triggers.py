"""pghistory's delete event at statement level, which pghistory 3.9 cannot compose itself.

The tables written in bulk (persons, households, payment lines) are tracked by statement-level triggers: row
triggers would attach the audit context once per row. Their deletes go through this trigger: one statement
copies every deleted row into the model's event table, labelled ``delete``, with the request's context.
"""

import pgtrigger
from django.apps import apps


class StatementDeleteEvent(pgtrigger.Trigger):
    level = pgtrigger.Statement
    when = pgtrigger.After
    operation = pgtrigger.Delete
    referencing = pgtrigger.Referencing(old="old_values")

    def get_func(self, model):
        event = apps.get_model(model._meta.app_label, f"{model.__name__}Event")
        tracked = [f.column for f in model._meta.concrete_fields]
        columns = ", ".join(f'"{c}"' for c in [*tracked, "pgh_context_id", "pgh_created_at", "pgh_label",
                                                "pgh_obj_id"])
        values = ", ".join([*(f'old_values."{c}"' for c in tracked), "_pgh_attached_context.value", "NOW()",
                            "'delete'", f'old_values."{model._meta.pk.column}"'])
        return (f"WITH _pgh_attached_context AS (SELECT _pgh_attach_context() AS value) "
                f'INSERT INTO "{event._meta.db_table}" ({columns}) SELECT {values} '
                f"FROM old_values, _pgh_attached_context; RETURN NULL;")
