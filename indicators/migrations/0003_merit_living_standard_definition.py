"""The merit living standard counts never-reviewed households as meeting it; the dashboard says so."""

from django.db import migrations

NEW = ("Hộ người có công không thuộc hộ nghèo, cận nghèo theo kết quả rà soát gần nhất (hộ chưa rà soát được "
       "tính là đạt)")
OLD = "Hộ người có công có kết quả rà soát gần nhất không nghèo, không cận nghèo"


def relabel(label):
    def run(apps, schema_editor):
        apps.get_model("indicators", "Indicator").objects.filter(code="merit_living_standard").update(
            numerator_label=label)
    return run


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_seed_indicators")]
    operations = [migrations.RunPython(relabel(NEW), relabel(OLD))]
