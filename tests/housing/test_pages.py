from django.core.files.uploadedfile import SimpleUploadedFile

from housing.models import HousingCase


def test_commune_and_so_run_a_case_through_the_pages(client, officer_a, specialist, leader, merit_household):
    member = merit_household.members.first()
    client.force_login(officer_a)
    page = client.get(f"/ho-gia-dinh/{merit_household.pk}/").content.decode()
    assert "Đề xuất hỗ trợ nhà ở" in page
    response = client.post(f"/nha-o/de-xuat/{merit_household.pk}/", {
        "person": member.pk, "target": "merit", "support_type": "repair"}, follow=True)
    assert "Đã lập đề xuất hỗ trợ nhà ở." in response.content.decode()
    case = HousingCase.objects.get()
    client.post(f"/nha-o/{case.pk}/survey/", {"current_condition": "Mái dột", "floor_area": "30",
                                              "estimated_cost": "25000000", "surveyed_on": "02/03/2026"})
    photo = SimpleUploadedFile("truoc.png", b"\x89PNG\r\n\x1a\n x", "image/png")
    client.post(f"/nha-o/{case.pk}/anh/", {"title": "Trước khi sửa", "file": photo})
    client.force_login(specialist)
    bad = client.post(f"/nha-o/{case.pk}/approve/", {"funding_state_budget": "10000000", "without_decision": "on"})
    assert "phải bằng mức được duyệt" in bad.content.decode()
    no_date = client.post(f"/nha-o/{case.pk}/approve/", {"funding_state_budget": "20000000",
                                                         "funding_province": "10.000.000", "decision_no": "12/QĐ"})
    assert "Nhập số và ngày quyết định" in no_date.content.decode()
    client.post(f"/nha-o/{case.pk}/approve/", {"funding_state_budget": "20000000", "funding_province": "10.000.000",
                                               "decision_no": "12/QĐ", "decision_date": "20/03/2026"})
    case.refresh_from_db()
    assert case.status == "approved" and case.approved_amount == 30_000_000
    client.post(f"/nha-o/{case.pk}/disburse/", {"amount": "10000000", "paid_on": "01/04/2026",
                                                "source": "state_budget"})
    client.force_login(officer_a)
    client.post(f"/nha-o/{case.pk}/start/", {"day": "05/04/2026"})
    client.post(f"/nha-o/{case.pk}/complete/", {"day": "30/06/2026"})
    case.refresh_from_db()
    assert case.status == "completed" and case.disbursements.count() == 1
    html = client.get(f"/nha-o/{case.pk}/").content.decode()
    assert "Trước khi sửa" in html and "Quyết định (PDF)" in html
    assert "Đang thi công → <strong>Hoàn thành" in html and "in_progress" not in html  # words, not codes
    pdf = client.get(f"/nha-o/{case.pk}/quyet-dinh.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    listing = client.get("/nha-o/", {"status": "completed", "target": "merit"}).content.decode()
    assert merit_household.code in listing


def test_other_commune_gets_404(client, officer_b, proposed):
    client.force_login(officer_b)
    assert client.get(f"/nha-o/{proposed.pk}/").status_code == 404
    assert client.post(f"/nha-o/{proposed.pk}/cancel/", {"reason": "x"}).status_code == 404
