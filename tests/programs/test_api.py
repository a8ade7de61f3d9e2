import datetime

import pytest

from programs.models import Facility
from tests.factories import make_enrollment

D = datetime.date


@pytest.fixture
def as_officer(api_client_for, officer_a):
    return api_client_for(officer_a)


@pytest.fixture
def as_specialist(api_client_for, specialist):
    return api_client_for(specialist)


def test_programs_and_rules_in_force_on_a_day(as_officer):
    codes = [p["code"] for p in as_officer.get("/api/v1/programs/").json()["results"]]
    assert codes == ["BHYT_NSNN", "HUU_TRI_XA_HOI", "MAI_TANG", "NUOI_DUONG_CO_SO", "QUA_TET_2026", "TCXH_HANG_THANG",
                     "UU_DAI_HANG_THANG"]
    merit_2024 = as_officer.get("/api/v1/programs/UU_DAI_HANG_THANG/rules/", {"on": "2024-06-30"}).json()
    merit_now = as_officer.get("/api/v1/programs/UU_DAI_HANG_THANG/rules/", {"on": "2024-07-01"}).json()
    assert merit_2024 == [] and len(merit_now) == 109  # every V and M row of the NĐ 77 table
    assert as_officer.get("/api/v1/programs/UU_DAI_HANG_THANG/rules/", {"on": "hôm qua"}).status_code == 400


def test_programs_are_read_only_through_the_api(as_specialist):
    assert as_specialist.post("/api/v1/programs/", {"code": "X"}, format="json").status_code == 405


def test_enrollment_workflow_and_amount(as_officer, as_specialist, api_client_for, chairman_a, elderly):
    as_chairman = api_client_for(chairman_a)
    created = as_officer.post("/api/v1/enrollments/", {"person": elderly.id, "program": "TCXH_HANG_THANG",
                                                       "start_date": "2025-01-01"}, format="json")
    assert created.status_code == 201, created.json()
    eid = created.json()["id"]
    assert as_officer.post(f"/api/v1/enrollments/{eid}/submit/").json()["status"] == "submitted"
    assert as_specialist.post(f"/api/v1/enrollments/{eid}/approve/").status_code == 403  # the commune decides
    approved = as_chairman.post(f"/api/v1/enrollments/{eid}/approve/", {"decision_no": "1/QĐ"}, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    amount = as_officer.get(f"/api/v1/enrollments/{eid}/amount/", {"period": "2025-03"}).json()
    assert amount["amount"] == 500_000 and amount["period"] == "2025-03" and amount["rules"]
    assert as_officer.get(f"/api/v1/enrollments/{eid}/amount/", {"period": "03/2025"}).status_code == 400
    suspended = as_chairman.post(f"/api/v1/enrollments/{eid}/suspend/",
                                   {"reason": "Vắng mặt", "from_date": "2025-04-01"}, format="json")
    assert suspended.json()["status"] == "suspended"
    assert as_officer.get(f"/api/v1/enrollments/{eid}/amount/", {"period": "2025-04"}).json()["amount"] == 0
    assert as_chairman.post(f"/api/v1/enrollments/{eid}/approve/").status_code == 409


def test_ineligible_submission_is_400_with_reason(as_officer, officer_a, tree):
    from tests.factories import make_person

    person = make_person(tree["bac_giang"])
    eid = as_officer.post("/api/v1/enrollments/", {"person": person.id, "program": "UU_DAI_HANG_THANG",
                                                   "start_date": "2025-01-01"}, format="json").json()["id"]
    response = as_officer.post(f"/api/v1/enrollments/{eid}/submit/")
    assert response.status_code == 400 and "Người có công" in response.json()["program"][0]


def test_other_commune_gets_404(api_client_for, officer_b, elderly):
    enrollment = make_enrollment(elderly, "TCXH_HANG_THANG")
    client = api_client_for(officer_b)
    assert client.get(f"/api/v1/enrollments/{enrollment.id}/").status_code == 404
    assert client.get(f"/api/v1/enrollments/{enrollment.id}/amount/", {"period": "2025-01"}).status_code == 404
    assert client.post("/api/v1/enrollments/", {"person": elderly.id, "program": "TCXH_HANG_THANG",
                                                "start_date": "2025-01-01"}, format="json").status_code == 400


def test_facilities_with_occupancy_and_admissions(as_specialist, api_client_for, officer_b, tree, elderly):
    facility = Facility.objects.create(code="TT1", name="Trung tâm 1", capacity=30, area=tree["bac_giang"])
    admitted = as_specialist.post("/api/v1/admissions/", {"person": elderly.id, "facility": facility.id,
                                                          "admitted_on": "2025-01-02"}, format="json")
    assert admitted.status_code == 201, admitted.json()
    listed = as_specialist.get("/api/v1/facilities/").json()["results"][0]
    assert listed["occupancy"] == 1 and listed["capacity"] == 30 and listed["area"] == "07210"
    assert api_client_for(officer_b).get(f"/api/v1/admissions/{admitted.json()['id']}/").status_code == 404
    bad = as_specialist.post(f"/api/v1/admissions/{admitted.json()['id']}/discharge/",
                             {"discharged_on": "2024-12-01", "reason": "x"}, format="json")
    assert bad.status_code == 400
