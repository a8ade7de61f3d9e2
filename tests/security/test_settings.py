"""Production settings: the deployment check is clean; every page carries strict headers."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_deploy_check_is_clean(settings):
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True  # the suite turns it off for the test client; production has it on
    call_command("check", "--deploy", "--fail-level", "WARNING")


def test_pages_carry_a_strict_content_security_policy(client, specialist):
    response = client.get("/dang-nhap/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"
    client.force_login(specialist)
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200 and "<script>" not in docs.content.decode()  # Swagger's script is a file
    assert "script-src 'self';" in docs["Content-Security-Policy"]


def test_templates_have_no_inline_script_or_style():
    """What the policy would block: inline event handlers, <script> code, style attributes."""
    import pathlib
    import re

    offending = []
    for path in pathlib.Path("templates").rglob("*.html"):
        text = path.read_text()
        for pattern in (r"\son[a-z]+=", r"<script>(?!\s*</script>)", r"\sstyle="):
            if re.search(pattern, text):
                offending.append(f"{path}: {pattern}")
    assert offending == []


def test_logged_tracebacks_keep_the_frames_but_not_the_message():
    import logging

    from common.logging import NoPersonalDataFormatter

    national_id = "0271" + "50123456"  # as data, not in the source line the traceback quotes
    try:
        raise ValueError(f"Key (national_id)=({national_id}) already exists")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "Internal Server Error: /api/v1/persons/", None,
                                   sys.exc_info())
    text = NoPersonalDataFormatter("%(message)s").format(record)
    assert "027150123456" not in text and "builtins.ValueError" in text and "test_settings.py" in text


def test_unknown_api_urls_answer_json(api_client_for, specialist, client):
    response = api_client_for(specialist).get("/api/v1/programs/a.b/")
    assert response.status_code == 404 and response.json() == {"detail": "Không tìm thấy."}
    client.force_login(specialist)
    page = client.get("/khong-co-trang-nay/")
    assert page.status_code == 404 and "Không tìm thấy trang" in page.content.decode()
