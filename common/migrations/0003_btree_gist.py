from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations


class Migration(migrations.Migration):
    """btree_gist: exclusion constraints mixing equality and ranges (no overlapping enrollments)."""

    dependencies = [("common", "0002_transition_log")]
    operations = [BtreeGistExtension()]
