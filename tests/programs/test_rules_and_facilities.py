import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from programs.calculator import amount_for
from programs.models import BenefitRule, Facility
from programs.services.facilities import admission_create, admission_discharge
from programs.services.rules import rate_table_upload
from tests.factories import make_enrollment, make_merit_profile, make_person, make_protection_profile, make_user

D = datetime.date
SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "bang_thuong_binh_VI_DU.csv"


@pytest.fixture
def admin_user(db):
    return make_user(Role.ADMIN, None, username="quantri")


def table(rows):
    return ("injury_rate,amount\n" + "".join(f"{r},{a}\n" for r, a in rows)).encode()


def test_uploaded_table_pays_war_invalids_by_injury_rate(admin_user, tree):
    assert rate_table_upload(by=admin_user, content=SAMPLE.read_bytes(), valid_from=D(2024, 7, 1),
                             legal_basis="NĐ 77/2024/NĐ-CP") == 80
    person = make_person(tree["bac_giang"], date_of_birth=D(1950, 1, 1))
    make_merit_profile(person, category="THUONG_BINH", injury_rate=61, status="approved")
    enrollment = make_enrollment(person, "UU_DAI_HANG_THANG")
    assert amount_for(enrollment, "2024-07") == 610_000
    assert amount_for(enrollment, "2024-06") == 0


def test_a_new_table_closes_the_old_one(admin_user, tree):
    rate_table_upload(by=admin_user, content=SAMPLE.read_bytes(), valid_from=D(2024, 7, 1), legal_basis="A")
    doubled = table((r, r * 20_000) for r in range(21, 101))
    rate_table_upload(by=admin_user, content=doubled, valid_from=D(2026, 7, 1), legal_basis="B")
    person = make_person(tree["bac_giang"], date_of_birth=D(1950, 1, 1))
    make_merit_profile(person, category="THUONG_BINH", injury_rate=21, status="approved")
    enrollment = make_enrollment(person, "UU_DAI_HANG_THANG")
    assert amount_for(enrollment, "2026-06") == 210_000
    assert amount_for(enrollment, "2026-07") == 420_000
    assert BenefitRule.objects.filter(merit_category="THUONG_BINH", valid_to=D(2026, 6, 30)).count() == 80


@pytest.mark.parametrize("content,message", [
    (b"rate;amount\n21;1\n", "Dòng tiêu đề phải là: injury_rate,amount"),
    (table([(20, 1)] + [(r, r) for r in range(21, 101)]), "Dòng 2: tỷ lệ 20% ngoài khoảng 21–100%."),
    (table([(r, r) for r in range(21, 100)]), "Thiếu các tỷ lệ: 100."),
    (table([(21, 5)] + [(r, r) for r in range(21, 101)]), "Dòng 3: tỷ lệ 21% bị lặp."),
    (table([(r, 100 - r) for r in range(21, 101)]), "bảng phải tăng dần theo tỷ lệ"),
    (table([(r, "abc") for r in range(21, 101)]), "phải là số nguyên"),
])
def test_bad_tables_are_refused_and_change_nothing(admin_user, content, message):
    with pytest.raises(ValidationError) as exc:
        rate_table_upload(by=admin_user, content=content, valid_from=D(2024, 7, 1), legal_basis="x")
    assert any(message in m for m in exc.value.message_dict["file"])
    assert not BenefitRule.objects.filter(merit_category="THUONG_BINH").exists()


def test_only_an_administrator_uploads(specialist):
    with pytest.raises(PermissionDenied):
        rate_table_upload(by=specialist, content=SAMPLE.read_bytes(), valid_from=D(2024, 7, 1), legal_basis="x")


def test_admin_upload_page(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/quan-tri/programs/benefitrule/tai-bang-thuong-binh/")
    assert page.status_code == 200 and "injury_rate,amount" in page.content.decode()
    with SAMPLE.open("rb") as fh:
        response = client.post("/quan-tri/programs/benefitrule/tai-bang-thuong-binh/",
                               {"file": fh, "valid_from": "01/07/2024", "legal_basis": "NĐ 77/2024/NĐ-CP"})
    assert response.status_code == 302
    assert BenefitRule.objects.filter(merit_category="THUONG_BINH").count() == 80


@pytest.fixture
def facility(tree):
    return Facility.objects.create(code="TTBTXH", name="Trung tâm Bảo trợ xã hội tỉnh", capacity=1,
                                   area=tree["bac_giang"])


def test_admission_respects_capacity(specialist, tree, facility, elderly):
    admission_create(by=specialist, person=elderly, facility=facility, admitted_on=D(2025, 1, 1))
    other = make_person(tree["bac_giang"])
    make_protection_profile(other, group="NCT_80", status="approved")
    with pytest.raises(ValidationError) as exc:
        admission_create(by=specialist, person=other, facility=facility, admitted_on=D(2025, 2, 1))
    assert exc.value.message_dict["facility"] == ["Cơ sở đã đủ 1 người: không tiếp nhận thêm."]
    admission_discharge(by=specialist, admission=elderly.admissions.get(), discharged_on=D(2025, 3, 1),
                        reason="Về gia đình")
    assert admission_create(by=specialist, person=other, facility=facility, admitted_on=D(2025, 3, 2))


def test_only_approved_protection_beneficiaries_are_admitted(specialist, tree, facility):
    with pytest.raises(ValidationError) as exc:
        admission_create(by=specialist, person=make_person(tree["bac_giang"]), facility=facility,
                         admitted_on=D(2025, 1, 1))
    assert "hồ sơ đã được duyệt" in exc.value.message_dict["person"][0]


def test_officer_cannot_admit(officer_a, facility, elderly):
    with pytest.raises(PermissionDenied):
        admission_create(by=officer_a, person=elderly, facility=facility, admitted_on=D(2025, 1, 1))
