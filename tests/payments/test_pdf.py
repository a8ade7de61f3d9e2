import pypdfium2 as pdfium

from payments.pdf import payment_list_pdf
from tests.helpers import make_beneficiary


def test_payment_list_pdf_renders_with_extractable_vietnamese(approved_batch, tree, officer_a, tmp_path):
    make_beneficiary(tree["bac_giang"], full_name="Đặng Thị Hường")  # not in the batch: generated before
    body = payment_list_pdf(approved_batch, tree["bac_giang"], officer_a)
    assert body.startswith(b"%PDF")
    pdf = pdfium.PdfDocument(body)
    text = pdf[0].get_textpage().get_text_range()
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI HẰNG THÁNG", "Tháng 07/2025 — Phường Bắc Giang",
                     "Nguyễn Văn Ánh", "Trần Thị Bình", "Lê Văn Cường", "1.500.000",
                     "Một triệu năm trăm nghìn đồng", "Người lập biểu", "Kế toán",
                     "Thủ trưởng đơn vị", "TỈNH BẮC NINH"):
        assert expected in text, expected
    assert "Đặng Thị Hường" not in text  # enrolled after the batch was generated
    image = pdf[0].render(scale=1.5).to_pil()
    image.save(tmp_path / "page.png")
    assert image.size[0] > image.size[1]  # landscape
    low, high = image.convert("L").getextrema()
    assert low < 100 and high > 200  # dark text on a light page


def test_pdf_page_is_scoped(client, officer_a, officer_b, approved_batch):
    client.force_login(officer_a)
    response = client.get(f"/chi-tra/{approved_batch.pk}/danh-sach/07210.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(officer_b)
    assert client.get(f"/chi-tra/{approved_batch.pk}/danh-sach/07210.pdf").status_code == 404
