import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from beneficiaries.imports import PERSON_COLUMNS
from tests.factories import national_id_for

HEADER = [c.title for c in PERSON_COLUMNS]


def xlsx(header, rows, sheet="Dữ liệu") -> bytes:
    book = Workbook()
    data = book.active
    data.title = sheet
    data.append(header)
    for row in rows:
        data.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(content: bytes, name="ho.xlsx"):
    return SimpleUploadedFile(name, content)


def person_row(household="HNHAP01", commune="07210", name="Nguyễn Văn An", born="15/03/1950", sex="Nam",
               relation="Chủ hộ", national_id=None, address="Thôn Đông", **extra):
    """One row of the households + persons template, as an officer types it."""
    values = {"household": household, "address": address, "commune": commune, "full_name": name,
              "date_of_birth": born, "sex": sex, "relation_to_head": relation,
              "national_id": national_id or "", **extra}
    return [values.get(c.key, "") for c in PERSON_COLUMNS]


def an_id(sex="male", born=datetime.date(1950, 3, 15), serial=1):
    return national_id_for(sex, born, serial=serial)


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Run the jobs a block enqueues, as the immediate backend does after a real commit."""
    def run():
        return django_capture_on_commit_callbacks(execute=True)
    return run
