"""One declaration of case actions (common.workflow.CASE_ACTIONS): every reader follows it."""

import pathlib

from django.urls import reverse

from beneficiaries.services import profiles
from common.api import action_serializer
from common.workflow import CASE_ACTIONS
from programs.services import enrollments

KINDS = {"merit-profile": profiles.WORKFLOW, "protection-profile": profiles.WORKFLOW,
         "enrollment": enrollments.WORKFLOW}
MATRIX = (pathlib.Path(__file__).parents[1] / "security" / "permission_matrix.txt").read_text()


def test_every_declared_action_has_a_service_a_route_a_body_and_a_row_in_the_matrix():
    for route, kind in KINDS.items():
        for name in CASE_ACTIONS:
            assert callable(getattr(kind.services, f"{kind.prefix}_{name}")), (kind.prefix, name)
            assert reverse(f"{route}-{name}", args=[1]).endswith(f"/1/{name}/")
            body = action_serializer(kind, name)
            assert (set(body().fields) if body else set()) == set(kind.inputs(name))
            assert f"{route}-{name} POST" in MATRIX, f"{route}-{name} is missing from the permission matrix"


def test_dated_inputs_are_for_enrollments_only():
    assert enrollments.WORKFLOW.inputs("suspend") == ("reason", "from_date")
    assert profiles.WORKFLOW.inputs("suspend") == ("reason",)
    assert [a.name for a in CASE_ACTIONS.values() if not a.decides] == ["submit"]
