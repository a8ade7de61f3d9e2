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


def war_invalid(commune, rate, kind="A", **profile):
    person = make_person(commune, date_of_birth=D(1950, 1, 1))
    make_merit_profile(person, category="THUONG_BINH", injury_rate=rate, war_invalid_type=kind, status="approved",
                       **profile)
    return make_enrollment(person, "UU_DAI_HANG_THANG")


def tb_rules():
    return BenefitRule.objects.filter(merit_category="THUONG_BINH", for_relatives=False, component="main")


def test_a_replacing_table_pays_from_its_date(admin_user, tree):
    assert rate_table_upload(by=admin_user, content=SAMPLE.read_bytes(), valid_from=D(2026, 7, 1),
                             legal_basis="NĐ 77/2024/NĐ-CP") == 80
    enrollment = war_invalid(tree["bac_giang"], 61)
    assert amount_for(enrollment, "2026-07") == 610_000  # the uploaded example
    assert amount_for(enrollment, "2026-06") == 5_450_000  # the seeded NĐ 77 row TB_61


def test_a_new_table_closes_the_old_one(admin_user, tree):
    rate_table_upload(by=admin_user, content=SAMPLE.read_bytes(), valid_from=D(2025, 7, 1), legal_basis="A")
    doubled = table((r, r * 20_000) for r in range(21, 101))
    rate_table_upload(by=admin_user, content=doubled, valid_from=D(2026, 7, 1), legal_basis="B")
    enrollment = war_invalid(tree["bac_giang"], 21)
    assert amount_for(enrollment, "2025-06") == 1_878_000
    assert amount_for(enrollment, "2026-06") == 210_000
    assert amount_for(enrollment, "2026-07") == 420_000
    assert tb_rules().filter(valid_to=D(2026, 6, 30)).count() == 80
    assert tb_rules().filter(valid_to=D(2025, 6, 30), war_invalid_type="A").count() == 66  # the seeded V rows
    assert tb_rules().filter(war_invalid_type="B", valid_to__isnull=True).count() == 2  # type B untouched


def test_fill_adds_the_rates_the_seed_left_out_and_a_75_percent_invalid_is_then_paid(admin_user, tree):
    enrollment = war_invalid(tree["bac_giang"], 75)
    assert amount_for(enrollment, "2026-01") == 0  # NOT_FOUND in the sources: a problem, not a guess
    gap = table((r, 6_600_000 + (r - 74) * 90_000) for r in range(74, 81))
    assert rate_table_upload(by=admin_user, content=gap, valid_from=D(2024, 7, 1), legal_basis="NĐ 77/2024",
                             mode="fill") == 7
    assert amount_for(enrollment, "2026-01") == 6_690_000
    rule = tb_rules().get(code="TB_75")
    assert rule.mark == "V" and rule.war_invalid_type == "A" and rule.valid_from == D(2024, 7, 1)


@pytest.mark.parametrize("rows,message", [
    ([(73, 6_600_000), (74, 6_700_000)], "Các tỷ lệ đã có mức đang áp dụng ngày 01/07/2024: 73."),
    ([(74, 6_000_000)], "Mức của 74% nhỏ hơn mức của 73%"),  # below the seeded 73% row
])
def test_fill_refuses_rates_already_there_and_a_table_that_would_not_rise(admin_user, rows, message):
    before = tb_rules().count()
    with pytest.raises(ValidationError) as exc:
        rate_table_upload(by=admin_user, content=table(rows), valid_from=D(2024, 7, 1), legal_basis="x",
                          mode="fill")
    assert any(message in m for m in exc.value.message_dict["file"])
    assert tb_rules().count() == before


def test_fill_of_type_b_rows(admin_user, tree):
    enrollment = war_invalid(tree["bac_giang"], 50, kind="B")
    assert amount_for(enrollment, "2026-01") == 0
    rate_table_upload(by=admin_user, content=table([(50, 3_500_000)]), valid_from=D(2024, 7, 1), legal_basis="x",
                      war_invalid_type="B", mode="fill")
    assert amount_for(enrollment, "2026-01") == 3_500_000
    assert amount_for(war_invalid(tree["bac_giang"], 50), "2026-01") == 4_469_000  # type A: its own table


@pytest.mark.parametrize("content,message", [
    (b"rate;amount\n21;1\n", "Dòng tiêu đề phải là: injury_rate,amount"),
    (table([(20, 1)] + [(r, r) for r in range(21, 101)]), "Dòng 2: tỷ lệ 20% ngoài khoảng 21–100%."),
    (table([(r, r) for r in range(21, 100)]), "Thiếu các tỷ lệ: 100."),
    (table([(21, 5)] + [(r, r) for r in range(21, 101)]), "Dòng 3: tỷ lệ 21% bị lặp."),
    (table([(r, 100 - r) for r in range(21, 101)]), "bảng phải tăng dần theo tỷ lệ"),
    (table([(r, "abc") for r in range(21, 101)]), "phải là số nguyên"),
])
def test_bad_tables_are_refused_and_change_nothing(admin_user, content, message):
    before = tb_rules().count()
    with pytest.raises(ValidationError) as exc:
        rate_table_upload(by=admin_user, content=content, valid_from=D(2026, 7, 1), legal_basis="x")
    assert any(message in m for m in exc.value.message_dict["file"])
    assert tb_rules().count() == before


def test_a_table_from_a_day_with_a_table_already_is_refused(admin_user):
    with pytest.raises(ValidationError) as exc:
        rate_table_upload(by=admin_user, content=SAMPLE.read_bytes(), valid_from=D(2024, 7, 1), legal_basis="x")
    assert "Đã có bảng áp dụng" in exc.value.message_dict["valid_from"][0]


def test_only_an_administrator_uploads(specialist):
    with pytest.raises(PermissionDenied):
        rate_table_upload(by=specialist, content=SAMPLE.read_bytes(), valid_from=D(2026, 7, 1), legal_basis="x")


def test_admin_upload_page(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/quan-tri/programs/benefitrule/tai-bang-thuong-binh/")
    assert page.status_code == 200 and "injury_rate,amount" in page.content.decode()
    before = tb_rules().count()
    with SAMPLE.open("rb") as fh:
        response = client.post("/quan-tri/programs/benefitrule/tai-bang-thuong-binh/",
                               {"file": fh, "valid_from": "01/07/2026", "legal_basis": "NĐ 77/2024/NĐ-CP",
                                "war_invalid_type": "A", "mode": "replace"})
    assert response.status_code == 302
    assert tb_rules().count() == before + 80


def test_derived_rows_are_flagged_until_an_administrator_marks_them_checked(client, admin_user):
    client.force_login(admin_user)
    derived = BenefitRule.objects.filter(mark="M")
    assert derived.count() == 24 and all(rule.needs_check for rule in derived)
    page = client.get("/quan-tri/programs/benefitrule/", {"doi_chieu": "can"}).content.decode()
    assert "24 dòng đang áp dụng là số liệu suy ra" in page and "Suy ra — chưa đối chiếu" in page
    picked = derived.filter(code__startswith="CDHH")
    client.post("/quan-tri/programs/benefitrule/", {"action": "mark_checked",
                                                   "_selected_action": [r.pk for r in picked]})
    assert not any(rule.needs_check for rule in BenefitRule.objects.filter(code__startswith="CDHH", mark="M"))
    assert BenefitRule.objects.filter(mark="M", checked_by=admin_user).count() == picked.count() == 9
    assert BenefitRule.objects.filter(mark="M", checked_at__isnull=True).count() == 15


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
