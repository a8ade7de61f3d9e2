"""Area filters by key for a commune, by path above it; searches count with the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.scoping import scope_queryset, within
from beneficiaries.models import Person
from tests.factories import make_area, make_person

pytestmark = pytest.mark.django_db


def test_a_commune_matches_by_key_a_province_by_path(tree, officer_a, specialist):
    a = make_person(tree["bac_giang"], full_name="Người A")
    b = make_person(tree["tay_yen_tu"], full_name="Người B")
    make_person(tree["ba_dinh"], full_name="Người Hà Nội")
    assert list(Person.objects.filter(within(tree["bac_giang"]))) == [a]
    assert set(Person.objects.filter(within(tree["bac_ninh"]))) == {a, b}
    assert list(scope_queryset(officer_a, Person.objects.all())) == [a]
    assert set(scope_queryset(specialist, Person.objects.all())) == {a, b}
    sql = str(scope_queryset(officer_a, Person.objects.all()).query)
    assert '"area_id" = ' in sql and "LIKE" not in sql  # no join, no prefix match


def test_nothing_may_lie_under_a_commune(tree):
    with pytest.raises(ValueError, match="commune"):
        make_area("99999", "Thôn", parent=tree["bac_giang"])


def test_a_search_counts_with_its_page(api_client_for, specialist, tree):
    as_specialist = api_client_for(specialist)
    for i in range(7):
        make_person(tree["bac_giang"], full_name=f"Trịnh Văn Khải {i}")
    make_person(tree["bac_giang"], full_name="Lý Thị Mai")
    with CaptureQueriesContext(connection) as captured:
        first = as_specialist.get("/api/v1/persons/", {"q": "trinh van khai", "page_size": 3}).json()
    assert first["count"] == 7 and len(first["results"]) == 3 and first["next"]
    assert not any("COUNT(*) AS" in q["sql"] for q in captured.captured_queries)  # counted in the page query
    last = as_specialist.get("/api/v1/persons/", {"q": "trinh van khai", "page_size": 3, "page": 3}).json()
    assert last["count"] == 7 and [p["full_name"] for p in last["results"]] == ["Trịnh Văn Khải 6"]
    assert last["next"] is None
    assert as_specialist.get("/api/v1/persons/", {"q": "trinh van khai", "page_size": 3, "page": 4})\
        .status_code == 404
    none = as_specialist.get("/api/v1/persons/", {"q": "khong ai ten nay"}).json()
    assert none["count"] == 0 and none["results"] == []
    assert as_specialist.get("/api/v1/persons/", {"q": "x", "page": "abc"}).status_code == 404
