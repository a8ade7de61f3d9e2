import pypdfium2 as pdfium

from payments.pdf import payment_list_pdf
from tests.payments.conftest import beneficiary


def test_payment_list_pdf_renders_with_extractable_vietnamese(approved_batch, tree, specialist, tmp_path):
    beneficiary(tree["bac_giang"], full_name="Đặng Thị Hường")  # not in the batch: generated before
    body = payment_list_pdf(approved_batch, tree["tay_yen_tu"], specialist)
    assert body.startswith(b"%PDF")
    pdf = pdfium.PdfDocument(body)
    text = pdf[0].get_textpage().get_text_range()
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI HẰNG THÁNG", "Tháng 07/2025 — Xã Tây Yên Tử",
                     "Trần Thị Bình", "Lê Văn Cường", "1.000.000", "Một triệu đồng", "Người lập biểu", "Kế toán",
                     "Thủ trưởng đơn vị", "TỈNH BẮC NINH"):
        assert expected in text, expected
    assert "Nguyễn Văn Ánh" not in text  # another commune
    image = pdf[0].render(scale=1.5).to_pil()
    image.save(tmp_path / "page.png")
    assert image.size[0] > image.size[1]  # landscape
    low, high = image.convert("L").getextrema()
    assert low < 100 and high > 200  # dark text on a light page


def test_pdf_page_is_scoped(client, officer_a, specialist, approved_batch):
    client.force_login(specialist)
    response = client.get(f"/chi-tra/{approved_batch.pk}/danh-sach/07616.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(officer_a)
    assert client.get(f"/chi-tra/{approved_batch.pk}/danh-sach/07616.pdf").status_code == 404
