"""The viewer role sees identity numbers only in part: pages, API, exports."""

import io

import pytest
from python_calamine import CalamineWorkbook

from accounts.masking import mask
from accounts.models import Role
from tests.factories import make_person, make_user, national_id_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(tree):
    import datetime

    return make_person(tree["bac_giang"], full_name="Nguyễn Thị Kín", sex="female", national_id=national_id_for(
        "female", datetime.date(1950, 5, 1), serial=123456), health_insurance_number="HT2272720012345")


@pytest.fixture
def viewer(tree):
    return make_user(Role.VIEWER, tree["bac_ninh"], username="thongke.test")


def test_mask_keeps_the_province_and_the_last_digits():
    assert mask("027150123456") == "027******456"
    assert mask("123456789") == "123***789"
    assert mask("12345") == "1***5"
    assert mask("") == ""


def test_viewer_sees_masked_ids_everywhere(client, api_client_for, viewer, specialist, person):
    full = person.national_id
    client.force_login(viewer)
    for url in ("/doi-tuong/", f"/doi-tuong/{person.pk}/"):
        html = client.get(url).content.decode()
        assert mask(full) in html and full not in html
    api = api_client_for(viewer).get(f"/api/v1/persons/{person.pk}/").json()
    assert api["national_id"] == mask(full) and api["health_insurance_number"] == "HT2*********345"
    export = client.get("/doi-tuong/", {"export": "xlsx"}).content
    assert full not in str(CalamineWorkbook.from_filelike(io.BytesIO(export)).get_sheet_by_index(0).to_python())
    # staff who work on the records see the number
    client.force_login(specialist)
    assert full in client.get(f"/doi-tuong/{person.pk}/").content.decode()
    assert api_client_for(specialist).get(f"/api/v1/persons/{person.pk}/").json()["national_id"] == full


def test_no_search_or_filter_confirms_a_guessed_number_to_the_viewer(client, api_client_for, viewer, officer_a,
                                                                     person):
    full, wrong = person.national_id, "0" * 12
    as_viewer = api_client_for(viewer)
    answers = [as_viewer.get("/api/v1/persons/", params).json() for params in (
        {"q": full[:6]}, {"q": "999999"}, {"national_id": full}, {"national_id": wrong})]
    assert all(a["count"] == 0 for a in answers)  # a true and a false guess answer alike
    client.force_login(viewer)
    assert "Nguyễn Thị Kín" not in client.get("/doi-tuong/", {"q": full[:6]}).content.decode()
    assert "Nguyễn Thị Kín" in client.get("/doi-tuong/", {"q": "Kín"}).content.decode()  # names: as before
    as_officer = api_client_for(officer_a)
    assert as_officer.get("/api/v1/persons/", {"q": full[:6]}).json()["count"] == 1
    assert as_officer.get("/api/v1/persons/", {"national_id": full}).json()["count"] == 1


def test_the_change_history_is_masked_for_the_viewer(api_client_for, viewer, officer_a, person):
    from beneficiaries.services.persons import person_update

    person_update(by=officer_a, person=person, phone="0912345678")
    person_update(by=officer_a, person=person, phone="0987654321")
    events = api_client_for(viewer).get(f"/api/v1/persons/{person.pk}/history/").json()
    phones = [e["changes"]["phone"] for e in events if "phone" in e["changes"]]
    assert phones and all("*" in v for pair in phones for v in pair if v)
    staff = api_client_for(officer_a).get(f"/api/v1/persons/{person.pk}/history/").json()
    assert ["0912345678", "0987654321"] in [e["changes"].get("phone") for e in staff]
