"""What kinds of import exist, and who may run them."""

from django.utils.module_loading import import_string

from common.importing import ImportSpec

IMPORT_SPECS = {
    "households": "beneficiaries.imports.HouseholdPersonImport",
    "merit_profiles": "beneficiaries.imports.MeritProfileImport",
    "protection_profiles": "beneficiaries.imports.ProtectionProfileImport",
    "poverty_reviews": "beneficiaries.imports.PovertyReviewImport",
    "area_statistics": "indicators.imports.AreaStatisticImport",
}
_loaded: dict[str, ImportSpec] = {}


def import_spec(kind: str) -> ImportSpec | None:
    if kind not in IMPORT_SPECS:
        return None
    if kind not in _loaded:
        _loaded[kind] = import_string(IMPORT_SPECS[kind])()
    return _loaded[kind]


def import_specs_for(user) -> list[ImportSpec]:
    """The kinds of import ``user`` may run, in menu order."""
    specs = [import_spec(kind) for kind in IMPORT_SPECS]
    return [s for s in specs if user.is_authenticated and user.has_role(*s.roles)]
