"""A real browser through the month, all in the commune since the 2025 reforms: the officer registers and
submits, the chairman approves the profile and the monthly allowance; the officer generates the commune's batch,
the chairman approves it, the officer exports the bank file and reconciles the bank's results; the commune's
figure moves, as the Sở Y tế sees it.

Screenshots of each step are kept in var/e2e/.
"""

import csv
import io

import pytest

from accounts.models import Role, User
from tests.factories import make_user
from tests.helpers import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "mat-khau-e2e-2026"


def user(role, area, username):
    account = make_user(role, area, username=username)
    account.set_password(PASSWORD)
    account.save()
    return account


def sign_in(browser, live_server, username, **context):
    """A new browser context (1280 × 900 unless ``context`` says otherwise) signed in as ``username``."""
    page = browser.new_context(**{"accept_downloads": True, "viewport": {"width": 1280, "height": 900},
                                  **context}).new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def shot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def paid_figure(page, live_server):
    """The commune's monthly-allowance figure, as the dashboard's API gives it."""
    data = page.request.get(f"{live_server.url}/api/v1/indicators/?area=07210").json()
    return next(f["numerator"] for f in data if f["code"] == "protection_monthly")


def test_a_month_through_the_browser(browser, live_server, tree, settings):
    settings.SECURE_SSL_REDIRECT = False
    user(Role.COMMUNE_OFFICER, tree["bac_giang"], "e2e.canbo")
    user(Role.COMMUNE_LEADER, tree["bac_giang"], "e2e.chutich")
    user(Role.SO_SPECIALIST, tree["bac_ninh"], "e2e.chuyenvien")
    User.objects.filter(username="e2e.chuyenvien").update(agency="y_te")

    officer = sign_in(browser, live_server, "e2e.canbo")
    before = paid_figure(officer, live_server)
    officer.goto(f"{live_server.url}/doi-tuong/dang-ky/")
    officer.fill("#id_h-address", "Thôn Đông, số 5")
    officer.fill("#id_p-full_name", "Hoàng Thị Duyên")
    officer.fill("#id_p-date_of_birth", "15/03/1940")
    officer.select_option("#id_p-sex", "female")
    officer.select_option("#id_p-payment_channel", "bank")
    officer.fill("#id_p-bank_code", "VBA")
    officer.fill("#id_p-account_number", "0123456789")
    officer.fill("#id_p-account_holder", "HOANG THI DUYEN")
    officer.select_option("#id_k-profile_kind", "protection")
    officer.check("#id_k-submit_now")
    officer.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    officer.select_option("#id_pp-group", "NCT_80")
    officer.click("button.primary")
    officer.wait_for_selector("text=Đã đăng ký Hoàng Thị Duyên")
    person_url = officer.url
    shot(officer, "1_commune_registered")

    chairman = sign_in(browser, live_server, "e2e.chutich")  # social assistance: the commune chairman decides
    chairman.goto(f"{live_server.url}/duyet-ho-so/")
    chairman.click("button.action-approve")  # without a decision number: refused, the page says what to do
    chairman.wait_for_selector("text=Nhập số và ngày quyết định")
    chairman.fill("input[name=decision_no]", "15/QĐ-UBND")
    chairman.fill("input[name=decision_date]", "20/11/2026")
    chairman.click("button.action-approve")
    chairman.wait_for_load_state()
    shot(chairman, "2_chairman_approved_profile")

    officer.goto(person_url)
    officer.select_option("#id_program", "TCXH_HANG_THANG")
    officer.fill("#id_start_date", "01/11/2026")
    officer.click("text=Đề nghị hưởng")
    officer.wait_for_load_state()
    chairman.goto(f"{live_server.url}/chinh-sach/cho-duyet/")
    assert chairman.locator("text=500.000 ₫").count() >= 1  # what the allowance will pay, before approving it
    chairman.check("input[name=without_decision]")
    chairman.click("button.action-approve")
    chairman.wait_for_load_state()
    shot(chairman, "3_chairman_approved_enrollment")

    officer.goto(f"{live_server.url}/chi-tra/")
    officer.select_option("select[name=program]", "TCXH_HANG_THANG")
    officer.fill("input[name=period]", "2026-11")
    officer.select_option("select[name=area]", "07210")
    officer.click("text=Lập bảng chi trả")
    officer.wait_for_selector("text=Hoàn thành")  # the job page
    officer.click("text=Mở kết quả")
    batch_url = officer.url
    assert officer.locator("button.action-approve").count() == 0  # the officer prepares; the chairman approves
    shot(officer, "4_commune_batch_generated")

    chairman.goto(batch_url)
    chairman.click("button.action-approve")
    chairman.wait_for_selector("text=Đã duyệt bảng chi trả")
    shot(chairman, "5_chairman_approved_batch")

    officer.goto(batch_url)
    with officer.expect_download() as download:
        officer.click("text=File ngân hàng (CSV)")
    bank_file = download.value.path().read_text(encoding="utf-8-sig")
    line = next(csv.DictReader(io.StringIO(bank_file)))
    assert line["full_name"] == "HOANG THI DUYEN" and line["amount"] == "500000"
    results = ("reference,status,bank_transaction_id,reason,paid_at\n"
               f"{line['reference']},paid,FT-E2E-1,,2026-11-10\n")
    officer.goto(batch_url)
    officer.set_input_files("input[name=file]", files=[{"name": "ket_qua.csv", "mimeType": "text/csv",
                                                       "buffer": results.encode()}])
    officer.click("button:has-text(\"Đối soát\")")
    officer.wait_for_selector("text=Đã ghi nhận: 1 dòng đã chi")
    shot(officer, "6_commune_reconciled")

    specialist = sign_in(browser, live_server, "e2e.chuyenvien")  # the Sở Y tế reads the province's figures
    specialist.goto(f"{live_server.url}/?area=07210")
    shot(specialist, "7_dashboard")
    assert paid_figure(specialist, live_server) == before + 1
