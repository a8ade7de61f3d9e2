"""Helpers shared by test modules (fixtures stay in the conftest files; nothing is imported from those).

- ``make_beneficiary``: a person on a monthly allowance, paid to an account or in cash;
- ``race``: run calls at the same moment in threads, each on its own connection;
- spreadsheets as an officer fills them (``xlsx``, ``upload``, ``person_row``, ``an_id``, ``PERSONS_HEADER``);
- the indicator tests' dating (``approved``, ``enrolled``, ``backdate``).
"""

import datetime
import io
import threading
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from openpyxl import Workbook

from beneficiaries.imports import PERSON_COLUMNS
from common.exceptions import DomainError
from tests.factories import make_enrollment, make_person, make_protection_profile, national_id_for

D = datetime.date
ARTIFACTS = Path(__file__).resolve().parents[1] / "var" / "e2e"  # the browser tests' screenshots (not in git)


# ------------------------------------------------------------------------------
# People and payments
# ------------------------------------------------------------------------------
def make_beneficiary(area, *, full_name, channel="bank", account="0123456789", holder=None, start=None):
    """An 86-year-old (NCT_80, approved) on the monthly social allowance from ``start`` (July 2025), paid to a
    bank account, an e-wallet or in cash; returns the enrollment."""
    paid_to_account = channel != "cash"
    person = make_person(area, full_name=full_name, date_of_birth=D(1940, 1, 1), payment_channel=channel,
                         bank_code="VBA" if paid_to_account else "",
                         account_number=account if paid_to_account else "",
                         account_holder=(holder if holder is not None else full_name) if paid_to_account else "")
    make_protection_profile(person, group="NCT_80", status="approved")
    return make_enrollment(person, "TCXH_HANG_THANG", start=start or D(2025, 7, 1))


def race(*calls):
    """Start ``calls`` together in threads (each on its own connection); return their outcomes in order: what
    the call returned, a refusal's HTTP status (DomainError) or "refused" (ValidationError)."""
    barrier, outcomes = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except DomainError as exc:
            outcomes[index] = exc.status
        except ValidationError:
            outcomes[index] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


# ------------------------------------------------------------------------------
# Spreadsheets, as an officer fills them
# ------------------------------------------------------------------------------
PERSONS_HEADER = [c.title for c in PERSON_COLUMNS]


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


# ------------------------------------------------------------------------------
# The indicator tests' dates (their AS_OF is October 2026)
# ------------------------------------------------------------------------------
APPROVED_AT = timezone.make_aware(datetime.datetime(2026, 1, 10))


def backdate():
    """Records made by the test are "now"; move them to early 2026 so AS_OF (October 2026) sees them."""
    from beneficiaries.models import Household, Person, PovertyReview
    from programs.models import Facility

    early = timezone.make_aware(datetime.datetime(2026, 1, 2))
    for model in (Person, Household, PovertyReview, Facility):
        model.objects.update(created_at=early)


def approved(profile):
    type(profile).objects.filter(pk=profile.pk).update(approved_at=APPROVED_AT)
    return profile


def enrolled(person, code, **kw):
    enrollment = make_enrollment(person, code, start=D(2026, 1, 1), **kw)
    type(enrollment).objects.filter(pk=enrollment.pk).update(approved_at=APPROVED_AT)
    return enrollment
