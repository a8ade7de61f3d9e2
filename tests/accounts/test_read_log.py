"""Who viewed, exported or downloaded personal data is recorded; administrators read it; old entries go."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from accounts.models import ReadLog, Role
from beneficiaries.services.documents import document_upload
from tests.factories import make_person, make_user


def test_views_exports_and_downloads_are_logged_and_lists_are_not(client, api_client_for, officer_a, tree):
    person = make_person(tree["bac_giang"], full_name="Người Được Xem")
    document = document_upload(by=officer_a, person=person, kind="id_card",
                               file=SimpleUploadedFile("cccd.pdf", b"%PDF-1.7 x"))
    client.force_login(officer_a)
    client.get("/doi-tuong/", {"q": "Người"})  # a list: not logged
    assert not ReadLog.objects.exists()
    client.get(f"/doi-tuong/{person.pk}/")
    api_client_for(officer_a).get(f"/api/v1/persons/{person.pk}/")
    client.get("/doi-tuong/", {"q": "Người", "export": "xlsx"})
    client.get(f"/giay-to/{document.pk}/tai-ve/")
    log = list(ReadLog.objects.order_by("id").values_list("username", "kind", "what", "person_id", "rows"))
    assert log == [("canbo.a", "view", "person", person.pk, None), ("canbo.a", "view", "person", person.pk, None),
                   ("canbo.a", "export", "doi_tuong", None, 1), ("canbo.a", "download", "document", person.pk, None)]
    assert ReadLog.objects.get(kind="export").filters == {"q": "Người"}


def test_only_administrators_read_the_log_and_it_is_purged_after_the_retention(api_client_for, officer_a, tree,
                                                                               settings):
    ReadLog.objects.create(username="canbo.a", kind="view", what="person", person_id=7)
    old = ReadLog.objects.create(username="canbo.a", kind="view", what="person", person_id=8)
    ReadLog.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=800))
    admin = make_user(Role.ADMIN, None, username="quantri")
    assert api_client_for(officer_a).get("/api/v1/read-log/").status_code == 403
    listed = api_client_for(admin).get("/api/v1/read-log/", {"person_id": 7}).json()
    assert listed["count"] == 1 and listed["results"][0]["what"] == "person"
    settings.READ_LOG_RETENTION_DAYS = 730
    call_command("purge_read_log")
    assert list(ReadLog.objects.values_list("person_id", flat=True)) == [7]
