"""An upload is what its first bytes say, not its name; the request size is bounded; scans stay with staff."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from beneficiaries.services.documents import document_upload
from tests.factories import make_person, make_user


@pytest.mark.parametrize("name, content", [
    ("cccd.pdf", b"<html><script>alert(1)</script></html>"),
    ("cccd.pdf", b"MZ\x90\x00 a program"),
    ("anh.jpg", b"\x89PNG\r\n\x1a\n a png named jpg"),
    ("anh.png", b"GIF89a"),
])
def test_a_file_whose_content_is_not_its_extension_is_refused(officer_a, tree, name, content):
    person = make_person(tree["bac_giang"])
    with pytest.raises(ValidationError) as error:
        document_upload(by=officer_a, person=person, kind="id_card", file=SimpleUploadedFile(name, content))
    assert "Nội dung tệp" in error.value.message_dict["file"][0]


def test_real_scans_are_accepted_and_served_as_downloads_only_to_staff(client, officer_a, tree):
    person = make_person(tree["bac_giang"])
    for name, content in (("a.pdf", b"%PDF-1.7 x"), ("b.jpg", b"\xff\xd8\xff\xe0 x"), ("c.png", b"\x89PNG\r\n\x1a\n")):
        document = document_upload(by=officer_a, person=person, kind="id_card",
                                   file=SimpleUploadedFile(name, content))
    client.force_login(officer_a)
    got = client.get(f"/giay-to/{document.pk}/tai-ve/")
    assert got.status_code == 200 and got["Content-Disposition"].startswith("attachment;")
    assert got["X-Content-Type-Options"] == "nosniff"
    client.force_login(make_user(Role.VIEWER, tree["bac_ninh"], username="tk.scan"))
    assert client.get(f"/giay-to/{document.pk}/tai-ve/").status_code == 403


def test_an_import_that_is_not_what_it_says_is_refused(officer_a):
    from common.importing import ImportFileError, read_cells

    for name, content in (("ds.xlsx", b"<html></html>"), ("ds.csv", b"PK\x03\x04 a zip named csv"),
                          ("ds.csv", b"a,b\n\x00\x01")):
        with pytest.raises(ImportFileError):
            read_cells(name, content)
    assert read_cells("ds.csv", "họ tên,năm\nAn,1950\n".encode()) == [["họ tên", "năm"], ["An", "1950"]]


def test_a_request_larger_than_the_limit_is_413_before_it_is_read(client, officer_a, settings):
    settings.MAX_REQUEST_BYTES = 1024
    client.force_login(officer_a)
    response = client.post("/nhap-tep/", {"file": SimpleUploadedFile("ds.csv", b"x" * 4096)})
    assert response.status_code == 413
