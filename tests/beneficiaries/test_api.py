import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from beneficiaries.models import Person
from tests.factories import make_household, make_person, make_protection_profile, make_user, national_id_for

BORN = "1950-05-01"


@pytest.fixture
def as_officer_a(api_client_for, officer_a):
    return api_client_for(officer_a)


@pytest.fixture
def as_officer_b(api_client_for, officer_b):
    return api_client_for(officer_b)


@pytest.fixture
def as_specialist(api_client_for, specialist):
    return api_client_for(specialist)


def test_register_household_then_person_through_the_api(as_officer_a):
    household = as_officer_a.post("/api/v1/households/", {"area": "07210", "address": "Tổ 5"}, format="json")
    assert household.status_code == 201, household.json()
    body = household.json()
    assert body["area"] == "07210" and body["code"].startswith("H07210") and body["head"] is None
    person = as_officer_a.post("/api/v1/persons/", {
        "full_name": "Nguyễn Thị Hoa", "date_of_birth": "1945-03-02", "sex": "female", "area": "07210",
        "household": body["id"], "relation_to_head": "head",
        "national_id": national_id_for("female", datetime.date(1945, 3, 2)),
        "payment_channel": "bank", "bank_code": "VBA", "account_number": "1234567890",
        "account_holder": "NGUYEN THI HOA",
    }, format="json")
    assert person.status_code == 201, person.json()
    assert person.json()["household"] == body["id"]
    assert as_officer_a.get(f"/api/v1/households/{body['id']}/").json()["head"] == person.json()["id"]


def test_bad_input_gives_field_errors_and_changes_nothing(as_officer_a):
    response = as_officer_a.post("/api/v1/persons/", {
        "full_name": "A", "date_of_birth": "2999-01-01", "sex": "robot", "area": "07210",
    }, format="json")
    assert response.status_code == 400
    assert "sex" in response.json()
    response = as_officer_a.post("/api/v1/persons/", {
        "full_name": "A", "date_of_birth": "2999-01-01", "sex": "male", "area": "07210", "national_id": "123",
    }, format="json")
    assert response.status_code == 400
    assert response.json()["date_of_birth"] == ["Ngày sinh không được ở tương lai."]
    assert response.json()["national_id"] == ["Số định danh cá nhân phải gồm đúng 12 chữ số."]
    assert Person.objects.count() == 0


def test_possible_duplicate_needs_confirm_duplicate(as_officer_a, person_a):
    payload = {"full_name": "nguyen van anh", "date_of_birth": BORN, "sex": "male", "area": "07210"}
    response = as_officer_a.post("/api/v1/persons/", payload, format="json")
    assert response.status_code == 400
    assert "confirm_duplicate" in response.json()
    response = as_officer_a.post("/api/v1/persons/", {**payload, "confirm_duplicate": True}, format="json")
    assert response.status_code == 201


def test_officer_of_commune_b_gets_404_on_commune_a_records(as_officer_b, person_a, household_a, officer_a):
    profile = make_protection_profile(person_a, by=officer_a)
    from beneficiaries.services.reviews import poverty_review_save

    review = poverty_review_save(by=officer_a, household=household_a, year=2025, income_per_capita=1,
                                 deprivations=[])
    for path in (f"/api/v1/persons/{person_a.id}/", f"/api/v1/households/{household_a.id}/",
                 f"/api/v1/protection-profiles/{profile.id}/", f"/api/v1/poverty-reviews/{review.id}/",
                 f"/api/v1/persons/{person_a.id}/history/"):
        assert as_officer_b.get(path).status_code == 404, path
    assert as_officer_b.patch(f"/api/v1/persons/{person_a.id}/", {"phone": "0912345678"},
                              format="json").status_code == 404
    assert as_officer_b.post(f"/api/v1/protection-profiles/{profile.id}/submit/").status_code == 404
    assert as_officer_b.get("/api/v1/persons/").json()["count"] == 0


def test_officer_of_commune_b_cannot_create_in_commune_a(as_officer_b, household_a):
    response = as_officer_b.post("/api/v1/persons/", {"full_name": "X Y", "date_of_birth": BORN, "sex": "male",
                                                      "area": "07210"}, format="json")
    assert response.status_code == 403
    response = as_officer_b.post("/api/v1/households/", {"area": "07210", "address": "Tổ 1"}, format="json")
    assert response.status_code == 403
    response = as_officer_b.post("/api/v1/poverty-reviews/", {"household": household_a.id, "year": 2025,
                                                              "income_per_capita": 1}, format="json")
    assert response.status_code == 400  # the household is not visible to them: "does not exist"
    assert Person.objects.count() == 0


def test_so_user_sees_the_whole_province(as_specialist, person_a, person_b):
    assert as_specialist.get("/api/v1/persons/").json()["count"] == 2
    assert as_specialist.get("/api/v1/persons/", {"area": "07616"}).json()["count"] == 1


def test_accent_insensitive_search(as_specialist, person_a, person_b):
    results = as_specialist.get("/api/v1/persons/", {"q": "nguyen van anh"}).json()["results"]
    assert [p["full_name"] for p in results] == ["Nguyễn Văn Ánh"]
    results = as_specialist.get("/api/v1/persons/", {"q": "BÌNH"}).json()["results"]
    assert [p["full_name"] for p in results] == ["Trần Thị Bình"]
    results = as_specialist.get("/api/v1/persons/", {"q": person_a.national_id[:8]}).json()["results"]
    assert [p["id"] for p in results] == [person_a.id]


def test_search_uses_the_name_indexes(db):
    """Distinct names by the trigram index, then their persons by the equality index (docs/performance.md)."""
    from django.db import connection
    from django.db.models import TextField, Value

    from beneficiaries.models import PersonName, search_key
    from beneficiaries.selectors import person_search

    def plan(queryset, *switches):
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            for switch in switches:
                cursor.execute(f"SET LOCAL {switch} = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(r[0] for r in cursor.fetchall())

    persons = plan(person_search(Person.objects.all(), "nguyen van anh", user=None).values("id"), "enable_seqscan")
    assert "person_name_dob" in persons and "beneficiaries_personname" in persons, persons
    names = PersonName.objects.filter(key__contains=search_key(Value("nguyen van anh", output_field=TextField())))
    # the key must reach the trigram index as a constant (the IMMUTABLE unaccent is folded)
    names_plan = plan(names, "enable_seqscan", "enable_indexscan", "enable_indexonlyscan")
    assert "person_name_key_trgm" in names_plan, names_plan


def test_person_names_follow_inserts_and_renames(as_specialist, tree):
    person = make_person(tree["bac_giang"], full_name="Đặng Thị Ngọc Hân")
    assert as_specialist.get("/api/v1/persons/", {"q": "ngoc han"}).json()["count"] == 1
    person.full_name = "Đặng Thị Ngọc Diệp"
    person.save()
    assert as_specialist.get("/api/v1/persons/", {"q": "ngoc diep"}).json()["count"] == 1
    assert as_specialist.get("/api/v1/persons/", {"q": "ngoc han"}).json()["count"] == 0  # stale key: nobody
    from django.core.management import call_command

    from beneficiaries.models import PersonName

    call_command("prune_person_names")
    keys = set(PersonName.objects.values_list("key", flat=True))
    assert "dang thi ngoc han" not in keys and "dang thi ngoc diep" in keys


def test_list_query_count_does_not_grow_with_page_size(as_specialist, tree, django_assert_max_num_queries):
    household = make_household(tree["bac_giang"])
    for i in range(30):
        make_person(tree["bac_giang"], household=household if i == 0 else None)
    with django_assert_max_num_queries(6):
        response = as_specialist.get("/api/v1/persons/", {"page_size": 30})
    assert len(response.json()["results"]) == 30


def test_workflow_through_the_api(as_officer_a, api_client_for, chairman_a, as_specialist, person_a):
    chairman = api_client_for(chairman_a)
    created = as_officer_a.post("/api/v1/protection-profiles/", {"person": person_a.id, "group": "NCT_80"},
                                format="json")
    assert created.status_code == 201, created.json()
    pid = created.json()["id"]
    submitted = as_officer_a.post(f"/api/v1/protection-profiles/{pid}/submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert submitted.json() == as_officer_a.get(f"/api/v1/protection-profiles/{pid}/").json()
    refused = as_specialist.post(f"/api/v1/protection-profiles/{pid}/approve/")
    assert refused.status_code == 403 and "Chủ tịch UBND Phường Bắc Giang" in refused.json()["detail"]
    no_reason = chairman.post(f"/api/v1/protection-profiles/{pid}/return/", {}, format="json")
    assert no_reason.status_code == 400 and no_reason.json()["reason"] == ["Cần ghi lý do."]
    returned = chairman.post(f"/api/v1/protection-profiles/{pid}/return/", {"reason": "Thiếu ảnh"},
                                  format="json")
    assert returned.json()["status"] == "returned" and returned.json()["status_reason"] == "Thiếu ảnh"
    assert as_officer_a.post(f"/api/v1/protection-profiles/{pid}/approve/").status_code == 403  # role
    assert as_officer_a.post(f"/api/v1/protection-profiles/{pid}/submit/").status_code == 200
    approved = chairman.post(f"/api/v1/protection-profiles/{pid}/approve/",
                                  {"decision_no": "15/QĐ-SYT", "decision_date": "2026-11-20"}, format="json")
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved" and approved.json()["approved_by"] == "chutich.a"
    again = chairman.post(f"/api/v1/protection-profiles/{pid}/approve/")
    assert again.status_code == 409 and again.json()["code"] == "transition_not_allowed"
    log = as_specialist.get(f"/api/v1/protection-profiles/{pid}/transitions/").json()
    assert [t["to_status"] for t in log] == ["submitted", "returned", "submitted", "approved"]


def test_second_person_rule_is_403(api_client_for, person_a, specialist):
    client = api_client_for(specialist)
    pid = client.post("/api/v1/merit-profiles/", {"person": person_a.id, "category": "TU_DAY"},
                      format="json").json()["id"]
    client.post(f"/api/v1/merit-profiles/{pid}/submit/")
    response = client.post(f"/api/v1/merit-profiles/{pid}/approve/")
    assert response.status_code == 403


def test_merit_profile_with_category_codes(as_officer_a, person_a):
    response = as_officer_a.post("/api/v1/merit-profiles/", {"person": person_a.id, "category": "THUONG_BINH",
                                                             "injury_rate": 61}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["category"] == "THUONG_BINH" and response.json()["injury_rate"] == 61
    bad = as_officer_a.post("/api/v1/merit-profiles/", {"person": person_a.id, "category": "KHONG_CO"},
                            format="json")
    assert bad.status_code == 400 and "category" in bad.json()


def test_merit_profile_type_and_flags_through_the_api(as_officer_a, person_a):
    response = as_officer_a.post("/api/v1/merit-profiles/", {
        "person": person_a.id, "category": "THUONG_BINH", "injury_rate": 90, "war_invalid_type": "B",
        "flags": ["song_o_gia_dinh"]}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["war_invalid_type"] == "B" and response.json()["flags"] == ["song_o_gia_dinh"]
    bad = as_officer_a.post("/api/v1/merit-profiles/", {"person": person_a.id, "category": "TU_DAY",
                                                       "flags": ["khong_co"]}, format="json")
    assert bad.status_code == 400 and "flags" in bad.json()


def test_poverty_review_computes_classification(as_officer_a, household_a):
    response = as_officer_a.post("/api/v1/poverty-reviews/", {
        "household": household_a.id, "year": 2025, "income_per_capita": 1_900_000,
        "deprivations": ["BHYT", "NUOC_SH", "NHA_TIEU"],
    }, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["classification"] == "poor" and body["deprivation_count"] == 3  # urban ward: line 2,000,000
    assert body["standard"] == "ND07_2021" and body["deprivations"] == ["BHYT", "NHA_TIEU", "NUOC_SH"]
    fixed = as_officer_a.patch(f"/api/v1/poverty-reviews/{body['id']}/", {"deprivations": ["BHYT"]},
                               format="json")
    assert fixed.json()["classification"] == "near_poor"


def test_edit_is_recorded_in_the_history(as_officer_a, person_a):
    as_officer_a.patch(f"/api/v1/persons/{person_a.id}/", {"phone": "0987654321"}, format="json")
    history = as_officer_a.get(f"/api/v1/persons/{person_a.id}/history/").json()
    latest = history[0]
    assert latest["changes"]["phone"] == ["", "0987654321"]
    assert latest["user"] == "canbo.a"


def test_document_upload_and_scoped_download(as_officer_a, as_officer_b, person_a):
    scan = SimpleUploadedFile("giay-xac-nhan.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = as_officer_a.post("/api/v1/documents/", {"person": person_a.id, "kind": "certificate",
                                                        "file": scan}, format="multipart")
    assert response.status_code == 201, response.json()
    doc_id = response.json()["id"]
    download = as_officer_a.get(f"/api/v1/documents/{doc_id}/download/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert as_officer_b.get(f"/api/v1/documents/{doc_id}/download/").status_code == 404
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    refused = as_officer_a.post("/api/v1/documents/", {"person": person_a.id, "kind": "other", "file": bad},
                                format="multipart")
    assert refused.status_code == 400 and refused.json()["file"] == ["Chỉ nhận tệp PDF, JPG, JPEG, PNG."]


def test_viewer_reads_but_cannot_write(api_client_for, tree, person_a):
    viewer = api_client_for(make_user(Role.VIEWER, tree["bac_ninh"]))
    assert viewer.get(f"/api/v1/persons/{person_a.id}/").status_code == 200
    assert viewer.patch(f"/api/v1/persons/{person_a.id}/", {"phone": "0912345678"},
                        format="json").status_code == 403


def test_no_put_and_no_delete(as_officer_a, person_a):
    assert as_officer_a.delete(f"/api/v1/persons/{person_a.id}/").status_code == 405
    assert as_officer_a.put(f"/api/v1/persons/{person_a.id}/", {}, format="json").status_code == 405


def test_person_fast_representation_equals_drf_fields(tree, specialist, api_client_for):
    import datetime

    from beneficiaries.serializers import PersonSerializer
    from tests.factories import make_household, make_person

    household = make_household(tree["bac_giang"], code="HREPR")
    person = make_person(tree["bac_giang"], household=household, full_name="Đỗ Thị Ngọc", sex="female",
                         date_of_birth=datetime.date(1950, 2, 3), national_id="027150123456", phone="0912345678",
                         payment_channel="bank", bank_code="VBA", account_number="1234", account_holder="DO THI NGOC",
                         health_insurance_valid_to=datetime.date(2026, 12, 31), date_of_death=datetime.date(2026, 1, 2))
    bare = make_person(tree["bac_giang"], full_name="Không Hộ")
    from rest_framework.serializers import ModelSerializer

    listed = {row["id"]: row for row in api_client_for(specialist).get(
        "/api/v1/persons/", {"area": tree["bac_giang"].code}).json()["results"]}
    for someone in (person, bare):
        serializer = PersonSerializer(someone)
        drf = ModelSerializer.to_representation(serializer, someone)  # DRF's own field-by-field output
        assert serializer.data == drf and list(serializer.data) == list(drf)
        assert listed[someone.pk] == drf and list(listed[someone.pk]) == list(drf)  # the list's plain rows
