"""Upkeep of the distinct search keys (PersonName) the name search runs over."""

from django.db import connection, transaction

PRUNE_SQL = """
DELETE FROM beneficiaries_personname n
WHERE NOT EXISTS (SELECT 1 FROM beneficiaries_person p WHERE immutable_unaccent(lower(p.full_name)) = n.key)
"""


@transaction.atomic
def person_names_prune() -> int:
    """Delete the keys no person bears any more (left by renames and deletions); return how many.

    The lock conflicts with the triggers' inserts: a person being added with a key this would
    delete either committed before (and keeps it) or waits and puts the key back after.
    """
    with connection.cursor() as cursor:
        cursor.execute("LOCK TABLE beneficiaries_personname IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(PRUNE_SQL)
        return cursor.rowcount
