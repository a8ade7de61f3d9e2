"""Today's figures are served from the stored ones (``snapshot_indicators``, renewed every few minutes) and
equal, to the unit, what the records give: checked for the province, each commune and every indicator after
each kind of change, all made through the services."""

import csv
import datetime
import io

import pytest
from django.test import override_settings
from django.utils import timezone

from beneficiaries.services import persons, profiles
from beneficiaries.services.reviews import poverty_review_save
from indicators.models import Indicator, IndicatorSnapshot
from indicators.selectors import by_commune, figure, figures, figures_with_communes, live_figures_with_communes
from indicators.services import snapshot_indicators
from payments.services.bank_files import payment_batch_export, payment_batch_reconcile
from payments.services.batches import payment_batch_approve, payment_batch_generate
from programs.models import Facility, Program
from programs.services.facilities import admission_create
from tests.factories import make_enrollment, make_person, make_protection_profile

AREAS = ("bac_ninh", "bac_giang", "tay_yen_tu")


def live(area, day):
    return {f.code: (f.numerator, f.denominator, f.value) for f, _ in
            live_figures_with_communes(area, day, list(Indicator.objects.filter(kind="computed")))}


def stored(area, day):
    shown = figures(area, day)
    assert all(f.computed_at is not None for f in shown), "computed from the records, not served from the store"
    return {f.code: (f.numerator, f.denominator, f.value) for f in shown}


def assert_stored_equals_live(tree):
    today = timezone.localdate()
    snapshot_indicators(as_of=today, province_code=tree["bac_ninh"].code)
    for key in AREAS:
        assert stored(tree[key], today) == live(tree[key], today), key
        for indicator in Indicator.objects.filter(kind="computed"):  # each figure against its own computation
            one = figure(indicator, tree[key], today)
            assert stored(tree[key], today)[indicator.code] == (one.numerator, one.denominator, one.value)
    for indicator in Indicator.objects.filter(kind="computed"):
        from_store = by_commune(indicator, tree["bac_ninh"], today)
        IndicatorSnapshot.objects.all().delete()
        assert from_store == by_commune(indicator, tree["bac_ninh"], today), indicator.code
        snapshot_indicators(as_of=today, province_code=tree["bac_ninh"].code)


def bank_results(batch, officer, day):
    _, _, body = payment_batch_export(by=officer, batch=batch)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["reference", "status", "bank_transaction_id", "reason", "paid_at"])
    for i, row in enumerate(csv.DictReader(io.StringIO(body.decode("utf-8-sig")))):
        writer.writerow([row["reference"], "paid", f"FT{i}", "", day.isoformat()])
    return out.getvalue().encode()


def test_stored_figures_equal_the_records_after_every_kind_of_change(province, tree, officer_a, officer_b,
                                                                     chairman_a, specialist):
    today = timezone.localdate()
    a = tree["bac_giang"]
    assert_stored_equals_live(tree)

    # registration: a household and its member
    household = persons.household_create(by=officer_a, area=a, address="Thôn Mới")
    person = persons.person_register(by=officer_a, area=a, household=household, full_name="Đặng Thị Hoa",
                                     relation_to_head="head", date_of_birth=datetime.date(1941, 3, 4), sex="female",
                                     health_insurance_valid_to=datetime.date(2027, 12, 31))
    assert_stored_equals_live(tree)

    # approval of a protection profile by the commune chairman
    profile = make_protection_profile(person, group="NCT_80", status="submitted")
    profile = profiles.profile_approve(by=chairman_a, profile=profile, decision_no="5/QĐ-UBND")
    assert_stored_equals_live(tree)

    # suspension
    profiles.profile_suspend(by=chairman_a, profile=profile, reason="Vắng mặt dài ngày")
    assert_stored_equals_live(tree)

    # death recorded
    died = next(p for p in province["a"].persons.all() if p.full_name == "P1")
    persons.person_update(by=officer_a, person=died, date_of_death=today - datetime.timedelta(days=1))
    assert_stored_equals_live(tree)

    # a month's payments reconciled as paid by the bank
    other = make_person(a, full_name="Hưởng Tháng Này", date_of_birth=datetime.date(1940, 1, 1),
                        payment_channel="bank", bank_code="VBA", account_number="0123456789",
                        account_holder="Hưởng Tháng Này")
    make_protection_profile(other, group="NCT_80", status="approved")
    make_enrollment(other, "TCXH_HANG_THANG", start=today.replace(day=1))
    batch = payment_batch_generate(by=officer_a, program=Program.objects.get(code="TCXH_HANG_THANG"),
                                   period=today.strftime("%Y-%m"), area=a)
    batch = payment_batch_approve(by=chairman_a, batch=batch)
    result = payment_batch_reconcile(by=officer_a, batch=batch, filename="kq.csv",
                                     content=bank_results(batch, officer_a, today))
    assert result.batch.status == "reconciled"
    assert_stored_equals_live(tree)

    # poverty reviews: last year's in one commune, this year's in the other (each area is measured in the
    # province's latest review year, so the commune not yet reviewed this year counts no poor household)
    poverty_review_save(by=officer_b, household=persons.household_create(by=officer_b, area=tree["tay_yen_tu"],
                                                                         address="Thôn Cũ"),
                        year=today.year - 1, income_per_capita=900_000, deprivations=["BHYT", "NUOC_SH", "NHA_TIEU"])
    assert_stored_equals_live(tree)
    poverty_review_save(by=officer_a, household=household, year=today.year, income_per_capita=900_000,
                        deprivations=["BHYT", "NUOC_SH", "NHA_TIEU"])
    assert_stored_equals_live(tree)

    # an admission to a facility
    wanting = make_person(tree["tay_yen_tu"], full_name="Cần Chăm Sóc")
    make_protection_profile(wanting, group="NKT_DBN", status="approved", wants_facility_care=True)
    admission_create(by=specialist, person=wanting, facility=Facility.objects.get(code="F1"), admitted_on=today)
    assert_stored_equals_live(tree)


def test_a_change_shows_at_the_next_refresh_and_stale_figures_are_not_served(province, tree, officer_a, chairman_a):
    today, area = timezone.localdate(), tree["bac_ninh"]
    snapshot_indicators(as_of=today)
    before = stored(area, today)["protection_monthly"]
    person = make_person(tree["bac_giang"], full_name="Mới Duyệt", date_of_birth=datetime.date(1940, 2, 2))
    profiles.profile_approve(by=chairman_a, profile=make_protection_profile(person, status="submitted"))
    assert stored(area, today)["protection_monthly"] == before  # served as stored until the next refresh
    assert live(area, today)["protection_monthly"][1] == before[1] + 1
    with override_settings(INDICATORS_STALE_AFTER_MINUTES=0):  # too old: computed from the records
        assert all(f.computed_at is None for f in figures(area, today))
        assert figures(area, today)[0].numerator is not None
    snapshot_indicators(as_of=today)
    assert stored(area, today)["protection_monthly"] == live(area, today)["protection_monthly"]


def test_a_past_day_is_its_snapshot_and_a_day_without_one_is_computed(province, tree):
    day = datetime.date(2026, 10, 20)
    assert all(f.computed_at is None for f in figures(tree["bac_ninh"], day))
    snapshot_indicators(as_of=day)
    IndicatorSnapshot.objects.filter(as_of=day, area=tree["bac_ninh"], indicator__code="facilities").update(
        numerator=7)  # what was stored that day stands, whatever the records say now
    shown = {f.code: f for f, _ in figures_with_communes(tree["bac_ninh"], day)}
    assert shown["facilities"].numerator == 7 and shown["facilities"].computed_at is not None


@pytest.mark.parametrize("agency", ["noi_vu", "y_te", "nn_mt"])
def test_a_departments_figures_come_from_the_store_too(province, tree, agency):
    snapshot_indicators(as_of=timezone.localdate())
    shown = figures(tree["bac_ninh"], timezone.localdate(), agency)
    assert shown and all(f.computed_at for f in shown)
    assert {f.indicator.agency for f in shown} <= {agency, ""}


def test_the_dashboard_and_the_api_say_when_the_figures_were_computed(client, api_client_for, specialist, province):
    today = timezone.localdate()
    client.force_login(specialist)
    assert "Số liệu tính trực tiếp từ hồ sơ" in client.get("/", {"area": "24"}).content.decode()
    assert api_client_for(specialist).get("/api/v1/indicators/", {"area": "24"}).json()[0]["computed_at"] is None
    snapshot_indicators(as_of=today)
    at = timezone.localtime(IndicatorSnapshot.objects.filter(as_of=today).earliest("computed_at").computed_at)
    html = client.get("/", {"area": "24"}).content.decode()
    assert f"cập nhật lúc {at:%H:%M %d/%m/%Y}" in html and "mỗi 5 phút" in html
    shown = api_client_for(specialist).get("/api/v1/indicators/", {"area": "07210"}).json()
    assert all(f["computed_at"] for f in shown)


def test_the_trend_has_the_last_snapshot_of_each_month(client, specialist, province):
    for day in (datetime.date(2026, 8, 3), datetime.date(2026, 8, 31), datetime.date(2026, 9, 30)):
        snapshot_indicators(as_of=day)
    client.force_login(specialist)
    response = client.get("/", {"area": "24", "as_of": "2026-10-01"})
    trend = response.context["chart_data"]["facilities"]["trend"]
    assert trend["labels"] == ["31/08/2026", "30/09/2026"]
