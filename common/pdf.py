"""PDF plumbing shared by every report: a Vietnamese font, styles and the official header.

The font (Be Vietnam Pro, every Vietnamese glyph) comes from the pip package
``fontpkg-be-vietnam-pro`` in requirements.txt, so every machine that runs the
project has it. Text is NFC-normalised before drawing: reportlab does no shaping.
"""

import io
import unicodedata
from collections.abc import Callable
from xml.sax import saxutils

import fontpkg
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from areas.models import Area

FAMILY = "Be Vietnam Pro"
_registered = False


def register_fonts() -> None:
    global _registered
    if _registered:
        return
    for name, weight, style in (("VN", 400, "normal"), ("VN-B", 700, "normal"), ("VN-I", 400, "italic"),
                                ("VN-BI", 700, "italic")):
        pdfmetrics.registerFont(TTFont(name, str(fontpkg.path(FAMILY, weight, style))))
    pdfmetrics.registerFontFamily("VN", normal="VN", bold="VN-B", italic="VN-I", boldItalic="VN-BI")
    _registered = True


def nfc(text) -> str:
    return unicodedata.normalize("NFC", str(text))


def esc(text) -> str:
    """User-typed or stored text as it must print: NFC, with ``&``, ``<`` and ``>`` escaped, so it is never read as
    ReportLab markup (an address cannot draw a red "ĐÃ HUỶ" or break the page). Every value put into a PDF's
    markup goes through here; only the template's own tags stay markup."""
    return saxutils.escape(nfc("" if text is None else str(text)))


def styles(size: float = 9.5) -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("vn", fontName="VN", fontSize=size, leading=size * 1.3)
    return {
        "base": base,
        "justify": ParagraphStyle("j", parent=base, alignment=TA_JUSTIFY),
        "center": ParagraphStyle("c", parent=base, alignment=TA_CENTER),
        "center_b": ParagraphStyle("cb", parent=base, alignment=TA_CENTER, fontName="VN-B"),
        "title": ParagraphStyle("t", parent=base, alignment=TA_CENTER, fontName="VN-B", fontSize=size + 3.5,
                                leading=(size + 3.5) * 1.3),
        "right": ParagraphStyle("r", parent=base, alignment=TA_RIGHT),
        "italic_c": ParagraphStyle("ic", parent=base, alignment=TA_CENTER, fontName="VN-I"),
    }


def paragraph(text, style: ParagraphStyle) -> Paragraph:
    return Paragraph(nfc(text), style)


def official_header(province: Area, agency: str, widths: tuple[float, float], s: dict) -> Table:
    """Agency on the left, the national motto on the right (Nghị định 30/2020 layout)."""
    return Table([[paragraph(f"{province.name.upper()}<br/><b>{agency.upper()}</b>", s["center"]),
                   paragraph("<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br/><b>Độc lập - Tự do - Hạnh phúc</b>",
                             s["center"])]], colWidths=list(widths))


def place_and_date(province: Area) -> str:
    today = timezone.localdate()
    place = province.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
    return f"{place}, ngày {today:%d} tháng {today:%m} năm {today:%Y}"



def signatures(province: Area, s: dict, width: float) -> Table:
    """Place and date, then the preparer's and the head's signature blocks, across ``width``."""
    return Table([[paragraph("", s["base"]), paragraph(f"<i>{place_and_date(province)}</i>", s["center"])],
                  [paragraph("<b>Người lập biểu</b><br/><i>(Ký, ghi rõ họ tên)</i>", s["center"]),
                   paragraph("<b>Thủ trưởng đơn vị</b><br/><i>(Ký tên, đóng dấu)</i>", s["center"])]],
                 colWidths=[width / 2, width / 2])


def grid_table(rows: list[list], widths: list[float]) -> Table:
    """A ruled table whose first row is a grey, repeated header."""
    table = Table(rows, repeatRows=1, colWidths=widths)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


def landscape_report(*, area: Area, title: str, heading: str, subtitle: str, note: str,
                     body: Callable[[dict], list], issuer: str = "Sở Y tế – Sở Nội vụ") -> bytes:
    """A landscape A4 report of ``issuer``: official header, heading, ``body(styles)``, a note, signatures."""
    s = styles(9.5)
    province = area.province()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=title)
    doc.build([official_header(province, issuer, (100 * mm, 160 * mm), s), Spacer(1, 6 * mm),
               paragraph(heading, s["title"]), paragraph(subtitle, s["center_b"]), Spacer(1, 4 * mm),
               *body(s), Spacer(1, 3 * mm), paragraph(note, s["base"]), Spacer(1, 8 * mm),
               signatures(province, s, 260 * mm)])
    return out.getvalue()
