import datetime

from django.core.management import call_command

from indicators.models import IndicatorSnapshot
from tests.indicators.test_figures import AS_OF


def test_list_is_the_design_contract(api_client_for, specialist, province):
    response = api_client_for(specialist).get("/api/v1/indicators/", {"area": "24", "as_of": AS_OF.isoformat()})
    assert response.status_code == 200
    rows = {r["code"]: r for r in response.json()}
    assert {"code", "numerator", "denominator", "value", "target"} <= set(rows["protection_monthly"])
    assert (rows["protection_monthly"]["numerator"], rows["protection_monthly"]["denominator"]) == (1, 3)
    assert rows["poor_rate"]["target"] == 0.0 and rows["facilities"]["value"] == 1.0
    assert (rows["merit_paid"]["agency"], rows["protection_monthly"]["agency"], rows["poor_rate"]["agency"],
            rows["cashless_share"]["agency"]) == ("noi_vu", "y_te", "nn_mt", "")


def test_records_drill_down(api_client_for, specialist, province):
    client = api_client_for(specialist)
    body = client.get("/api/v1/indicators/protection_monthly/records/",
                      {"area": "24", "as_of": AS_OF.isoformat(), "part": "denominator"}).json()
    assert body["count"] == 3 and set(body["results"][0]) == {"person", "full_name", "national_id", "area"}
    assert client.get("/api/v1/indicators/protection_monthly/records/", {"part": "x"}).status_code == 400
    assert client.get("/api/v1/indicators/khong_co/records/").status_code == 404


def test_commune_officer_sees_only_their_commune(api_client_for, officer_a, province):
    client = api_client_for(officer_a)
    mine = {r["code"]: r for r in client.get("/api/v1/indicators/", {"as_of": AS_OF.isoformat()}).json()}
    assert mine["protection_monthly"]["denominator"] == 2  # P1 and P4 live in Bắc Giang
    assert client.get("/api/v1/indicators/", {"area": "24"}).status_code == 403
    assert client.get("/api/v1/indicators/", {"area": "07616"}).status_code == 403
    names = [r["full_name"] for r in client.get("/api/v1/indicators/protection_monthly/records/",
                                                 {"as_of": AS_OF.isoformat(), "part": "denominator"}).json()["results"]]
    assert names == ["P1", "P4 wants care"]


def test_bad_date_is_400_and_says_what_to_type(api_client_for, specialist):
    response = api_client_for(specialist).get("/api/v1/indicators/", {"as_of": "10/20/2026"})
    assert response.status_code == 400 and "nhập ngày/tháng/năm, ví dụ 30/11/2026" in response.json()["detail"]
    assert api_client_for(specialist).get("/api/v1/indicators/", {"as_of": "20/10/2026"}).status_code == 200


def test_snapshot_is_idempotent(province, capsys):
    call_command("snapshot_indicators", "--as-of", "2026-10-20", "--province", "24")
    first = IndicatorSnapshot.objects.count()
    call_command("snapshot_indicators", "--as-of", "2026-10-20", "--province", "24")
    assert IndicatorSnapshot.objects.count() == first > 0
    row = IndicatorSnapshot.objects.get(indicator__code="protection_monthly", area__code="24",
                                        as_of=datetime.date(2026, 10, 20))
    assert (row.numerator, row.denominator) == (1, 3)


def test_benchmark_command_runs_and_leaves_nothing(db, capsys):
    from areas.models import Area

    call_command("bench_indicators", "--persons", "300")
    out = capsys.readouterr().out
    assert "kết quả giống hệt" in out and "Mọi chỉ tiêu (10)" in out and "số liệu lưu" in out
    assert not Area.objects.filter(code="98").exists()
