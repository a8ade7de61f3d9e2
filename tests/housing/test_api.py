import pypdfium2 as pdfium


def test_a_case_end_to_end_through_the_api(api_client_for, officer_a, specialist, leader, merit_household):
    commune, sở, boss = api_client_for(officer_a), api_client_for(specialist), api_client_for(leader)
    created = commune.post("/api/v1/housing-cases/", {
        "household": merit_household.id, "person": merit_household.members.first().id, "target": "merit",
        "support_type": "repair", "support_level": "NCC_2013"}, format="json")
    assert created.status_code == 201, created.json()
    case = created.json()
    assert case["default_amount"] == 20_000_000 and case["status"] == "proposed"
    cid = case["id"]
    assert commune.post(f"/api/v1/housing-cases/{cid}/approve/", {"funding": []}, format="json").status_code == 403
    surveyed = commune.post(f"/api/v1/housing-cases/{cid}/survey/", {
        "current_condition": "Mái dột, tường nứt", "floor_area": "28.5", "estimated_cost": 22_000_000,
        "surveyed_on": "2026-03-02"}, format="json")
    assert surveyed.json()["status"] == "surveyed"
    bad = sở.post(f"/api/v1/housing-cases/{cid}/approve/", {"funding": [
        {"source": "state_budget", "amount": 10_000_000}]}, format="json")
    assert bad.status_code == 400 and "phải bằng mức được duyệt" in bad.json()["funding"][0]
    approved = sở.post(f"/api/v1/housing-cases/{cid}/approve/", {"decision_no": "45/QĐ-SXD", "funding": [
        {"source": "state_budget", "amount": 15_000_000}, {"source": "fund_for_poor", "amount": 5_000_000}]},
        format="json")
    assert approved.status_code == 200, approved.json()
    assert approved.json()["approved_amount"] == 20_000_000 and len(approved.json()["funding"]) == 2
    assert sở.post(f"/api/v1/housing-cases/{cid}/approve/", {"funding": []}, format="json").status_code == 409
    tranche = sở.post(f"/api/v1/housing-cases/{cid}/disbursements/", {"amount": 10_000_000, "paid_on": "2026-04-01",
                                                                      "source": "state_budget"}, format="json")
    assert tranche.status_code == 201 and len(tranche.json()) == 1
    over = sở.post(f"/api/v1/housing-cases/{cid}/disbursements/", {"amount": 15_000_000, "paid_on": "2026-04-02",
                                                                   "source": "province"}, format="json")
    assert over.status_code == 400
    commune.post(f"/api/v1/housing-cases/{cid}/start/", {"started_on": "2026-04-05"}, format="json")
    done = commune.post(f"/api/v1/housing-cases/{cid}/complete/", {"completed_on": "2026-06-30"}, format="json")
    assert done.json()["status"] == "completed"
    last = sở.post(f"/api/v1/housing-cases/{cid}/disbursements/", {"amount": 10_000_000, "paid_on": "2026-07-02",
                                                                   "source": "fund_for_poor"}, format="json")
    assert last.status_code == 201
    assert boss.get(f"/api/v1/housing-cases/{cid}/").json()["disbursed"] == 20_000_000
    log = commune.get(f"/api/v1/housing-cases/{cid}/transitions/").json()
    assert [t["to_status"] for t in log] == ["surveyed", "approved", "in_progress", "completed"]


def test_other_commune_gets_404_and_filters_work(api_client_for, officer_b, specialist, proposed):
    assert api_client_for(officer_b).get(f"/api/v1/housing-cases/{proposed.id}/").status_code == 404
    client = api_client_for(specialist)
    assert client.get("/api/v1/housing-cases/", {"status": "proposed", "target": "merit", "area": "07210"})\
        .json()["count"] == 1
    assert client.get("/api/v1/housing-cases/", {"area": "07616"}).json()["count"] == 0


def test_decision_pdf_has_the_household_amount_in_words_and_funding(api_client_for, specialist, approved, proposed):
    client = api_client_for(specialist)
    response = client.get(f"/api/v1/housing-cases/{approved.id}/decision/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdfium.PdfDocument(response.content)[0].get_textpage().get_text_range()
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "QUYẾT ĐỊNH", "Vũ Văn Hải", "60.000.000 đồng",
                     "Sáu mươi triệu đồng", "Ngân sách trung ương", "Ngân sách tỉnh", "GIÁM ĐỐC", "Phường Bắc Giang"):
        assert expected in text, expected


def test_no_decision_before_approval(api_client_for, specialist, proposed):
    assert api_client_for(specialist).get(f"/api/v1/housing-cases/{proposed.id}/decision/").status_code == 409
