"""The kinds of job are declared by the apps that own them; the jobs app knows none of them."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Role
from indicators.services import snapshot_start
from jobs import registry
from jobs.models import Job
from jobs.services import job_start
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_APPS = {"areas", "beneficiaries", "programs", "payments", "housing", "indicators", "complaints"}


def imports_of(path: Path):
    """(module imported, at module level?) for every import statement of ``path``."""
    tree = ast.parse(path.read_text())
    top = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module, id(node) in top
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, id(node) in top


def test_the_jobs_app_imports_no_domain_app_and_nothing_inside_a_function():
    for path in (ROOT / "jobs").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for module, at_top in imports_of(path):
            assert module.split(".")[0] not in DOMAIN_APPS, f"{path.name} imports {module}"
            assert at_top, f"{path.name} imports {module} inside a function"


@pytest.mark.parametrize("app", ["beneficiaries", "payments", "indicators"])
def test_each_app_declares_its_kinds_in_its_own_jobs_module_with_imports_at_the_top(app):
    assert all(at_top for _module, at_top in imports_of(ROOT / app / "jobs.py"))


def test_the_registry_holds_every_kind_and_import_declared_at_start_up():
    kinds = dict(registry.kind_choices())
    assert set(kinds) == {"import", "batch_generate", "indicator_snapshot", "person_export", "payment_list_pdf"}
    assert str(kinds["payment_list_pdf"]) == "Danh sách chi trả (PDF)"
    assert dict(Job._meta.get_field("kind").flatchoices) == kinds  # the model's choices are the registry's
    assert registry.import_kinds() == ["households", "merit_profiles", "protection_profiles", "poverty_reviews",
                                       "area_statistics"]  # the menu's order: the apps' order
    assert sorted(registry.retried_by_itself()) == ["indicator_snapshot", "payment_list_pdf", "person_export"]
    assert str(registry.count_labels("import", "households")["households_new"]) == "Hộ mới"
    assert str(registry.count_labels("batch_generate")["lines"]) == "Dòng chi trả"


def test_a_kind_is_declared_once_and_only_declared_kinds_start(officer_a):
    with pytest.raises(ValueError, match="declared twice"):
        registry.register("person_export", "again", run=lambda job, report: None)
    with pytest.raises(ValueError, match="not a plain job kind"):
        job_start(by=officer_a, kind="no_such_kind", params={})
    with pytest.raises(ValueError):
        job_start(by=officer_a, kind="import", params={})  # an import starts from its file (import_start)


def test_the_snapshot_is_started_by_its_own_service_which_checks_the_role(tree):
    with pytest.raises(PermissionDenied):
        snapshot_start(by=make_user(Role.COMMUNE_OFFICER, tree["bac_giang"]), area_code=None, as_of=None)
