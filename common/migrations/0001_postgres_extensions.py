from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Accent-insensitive (unaccent) and fuzzy (pg_trgm) Vietnamese name search."""

    initial = True
    dependencies = []

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        # unaccent() is only STABLE; an IMMUTABLE wrapper with a fixed dictionary
        # lets indexes use it (CREATE INDEX ... (immutable_unaccent(name) gin_trgm_ops)).
        migrations.RunSQL(
            sql="""
            CREATE OR REPLACE FUNCTION immutable_unaccent(text) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
            AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
            """,
            reverse_sql="DROP FUNCTION IF EXISTS immutable_unaccent(text);",
        ),
    ]
