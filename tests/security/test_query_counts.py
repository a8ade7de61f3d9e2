"""No list's query count grows with its page size (no query per row): API lists and pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from payments.services.batches import payment_batch_generate
from programs.models import Program
from tests.factories import make_enrollment, make_household, make_person, make_protection_profile
from tests.helpers import make_beneficiary

pytestmark = pytest.mark.django_db
ROWS = 6


@pytest.fixture
def records(tree, officer_a):
    for i in range(ROWS):
        household = make_household(tree["bac_giang"], code=f"HQ{i}")
        make_person(tree["bac_giang"], household=household, full_name=f"Thành Viên {i}")
        make_beneficiary(tree["bac_giang"], full_name=f"Người Hưởng {i}", start=datetime.date(2025, 7, 1))
    payment_batch_generate(by=officer_a, program=Program.objects.get(code="TCXH_HANG_THANG"), period="2025-07",
                           area=tree["bac_giang"])


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = call()
    assert response.status_code == 200, response.status_code
    return len(captured)


@pytest.mark.parametrize("path", ["persons", "households", "protection-profiles", "enrollments", "payments",
                                  "payment-batches", "poverty-reviews", "merit-profiles", "housing-cases",
                                  "documents", "admissions", "areas", "jobs"])
def test_api_lists(api_client_for, specialist, records, path):
    api = api_client_for(specialist)
    few = queries(lambda: api.get(f"/api/v1/{path}/", {"page_size": 1}))
    many = queries(lambda: api.get(f"/api/v1/{path}/", {"page_size": 100}))
    assert many == few, f"{path}: {few} queries for one row, {many} for a page"


def _person(tree, i):
    return make_person(tree["bac_giang"], full_name=f"Thêm {i}")


ADD_ROW = {
    "/doi-tuong/": _person,
    "/duyet-ho-so/": lambda tree, i: make_protection_profile(_person(tree, i), status="submitted"),
    "/chinh-sach/cho-duyet/": lambda tree, i: make_enrollment(_person(tree, i), "TCXH_HANG_THANG",
                                                              status="submitted"),
    "/ho-so-tra-lai/": lambda tree, i: make_protection_profile(_person(tree, i), status="returned"),
}


@pytest.mark.parametrize("url", list(ADD_ROW))
def test_pages(client, specialist, tree, records, url):
    client.force_login(specialist)
    client.get(url)  # warm the session
    base = queries(lambda: client.get(url))
    for i in range(ROWS):  # more rows on the same page
        ADD_ROW[url](tree, i)
    assert queries(lambda: client.get(url)) == base
