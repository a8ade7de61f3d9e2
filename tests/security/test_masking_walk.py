"""The viewer walks every page, API answer, export and PDF of a world with IDs, accounts and phones — now and in
their change history — and finds none of them in full (accounts.masking is the one policy)."""

import datetime
import io
import zipfile

import pypdfium2 as pdfium
import pytest
from django.test import Client

from accounts.masking import ID_FIELDS
from beneficiaries.models import AccountChange, Person
from beneficiaries.services.persons import person_update
from complaints.models import Complaint
from payments.models import Payment
from tests.factories import national_id_for
from tests.security.matrix_world import build_world, methods_of, routes, url_for

pytestmark = pytest.mark.django_db
SKIP = {"logout", "login"}


def text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK"):  # XLSX: every XML part
        with zipfile.ZipFile(io.BytesIO(body)) as book:
            return " ".join(book.read(n).decode("utf-8", "replace") for n in book.namelist() if n.endswith(".xml"))
    if body.startswith(b"%PDF"):
        try:
            document = pdfium.PdfDocument(body)
        except pdfium.PdfiumError:
            return body.decode("latin-1")
        return " ".join(page.get_textpage().get_text_range() for page in document)
    return body.decode("utf-8", "replace")


def test_the_viewer_finds_no_identifier_anywhere(tree, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    users, objects = build_world(tree)
    head = objects["person"]
    old = {"national_id": head.national_id, "account_number": head.account_number, "phone": "0912345678"}
    person_update(by=users["officer"], person=head, phone=old["phone"])
    person_update(by=users["officer"], person=head, phone="0987654321",
                  national_id=national_id_for("male", head.date_of_birth or datetime.date(1940, 1, 1), serial=654321))
    Complaint.objects.filter(pk=objects["complaint"].pk).update(complainant_phone="0977111222",
                                                                complainant_id_number="027150999888")
    secrets = {v for v in old.values() if v}
    for model, fields in ((Person, [f for f in ID_FIELDS if hasattr(Person, f)]), (Payment, ["account_number"]),
                          (Complaint, ["complainant_phone", "complainant_id_number"])):
        for row in model.objects.values_list(*fields):
            secrets.update(v for v in row if v and len(v) >= 6)
    for change in AccountChange.objects.all():  # a pending change of account: old and new
        secrets.update(v for v in (change.old["account_number"], change.new["account_number"]) if len(v) >= 6)
    assert len(secrets) >= 7
    viewer = Client(HTTP_HOST="localhost")
    viewer.force_login(users["viewer"])
    seen = 0
    for name, path, callback in routes():
        if name in SKIP or "GET" not in methods_of(callback):
            continue
        url = url_for(name, path, objects)
        for variant in (url, url + ("&" if "?" in url else "?") + "export=xlsx"):
            response = viewer.get(variant)
            if response.status_code != 200:
                continue
            seen += 1
            body = text_of(response)
            leaked = sorted(s for s in secrets if s in body)
            assert not leaked, f"{variant} shows {leaked} to the viewer"
    assert seen > 60  # the walk really read pages, lists, details, exports and PDFs
