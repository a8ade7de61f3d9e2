"""A backup of a small province restores into a fresh database with every table's rows, and its files."""

import uuid

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from beneficiaries.services.documents import document_upload
from common.backup import connection_params, restore_archive, table_state
from tests.factories import make_person

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_backup_then_restore_into_a_fresh_database(tree, officer_a, tmp_path, settings, capsys):
    person = make_person(tree["bac_giang"], full_name="Người Sao Lưu")
    document_upload(by=officer_a, person=person, kind="id_card", file=SimpleUploadedFile("cccd.pdf", b"%PDF-1.7 s"))
    archive = tmp_path / "sao_luu.tar.gz"
    call_command("backup", output=str(archive))
    assert "Đã sao lưu" in capsys.readouterr().out
    source = connection_params()
    with pytest.raises(CommandError, match="không rỗng"):  # never over a database in use, unless --force
        call_command("restore", str(archive))
    fresh = {**source, "dbname": f"restore_{uuid.uuid4().hex[:8]}"}
    admin = {k: v or None for k, v in {**source, "dbname": "postgres"}.items()}
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{fresh["dbname"]}"')
    try:
        media = tmp_path / "restored_media"
        assert restore_archive(archive, params=fresh, media_root=media) == []  # every table as in the manifest
        assert table_state(fresh) == table_state(source)
        assert any(p.read_bytes() == b"%PDF-1.7 s" for p in media.rglob("*.pdf"))
    finally:
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{fresh["dbname"]}" WITH (FORCE)')
