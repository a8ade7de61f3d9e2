"""`make run` serves the product as users see it: the Vietnamese error pages, never Django's debug page (which
lists every URL pattern), unless a developer asks for it with `make run DEBUG=true`."""

import os
import shlex
import subprocess
import time

import pytest
import requests

from tests.processes import BASE_DIR, database_url, free_port


def serve_line(*make_args: str) -> list[str]:
    """The runserver command `make run` would run (``make -n``: printed, not run)."""
    printed = subprocess.run(["make", "-n", "run", *make_args], cwd=BASE_DIR, capture_output=True, text=True,
                             check=True).stdout
    return shlex.split(next(line for line in printed.splitlines() if "runserver" in line))


def test_make_run_serves_without_the_debug_page_unless_asked():
    assert "DJANGO_DEBUG=false" in serve_line()
    assert "DJANGO_DEBUG=true" in serve_line("DEBUG=true")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_unknown_address_under_make_run_is_the_vietnamese_page(tmp_path):
    words = serve_line()
    env = dict(word.split("=", 1) for word in words if "=" in word and not word.startswith("-")
               and word.split("=", 1)[0].isupper())
    command = [word for word in words if word.split("=", 1)[0] not in env]
    port = free_port()
    command[-1] = f"127.0.0.1:{port}"
    process = subprocess.Popen(command + ["--noreload"], cwd=BASE_DIR,
                               env={**os.environ, **env, "DATABASE_URL": database_url(), "DJANGO_STATICFILES_STORAGE":
                                    "django.contrib.staticfiles.storage.StaticFilesStorage"},  # not collected here
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline, response = time.monotonic() + 60, None
        while time.monotonic() < deadline:
            try:
                response = requests.get(f"http://127.0.0.1:{port}/khong-co-trang-nay/", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.3)
        assert response is not None and response.status_code == 404
        assert "Không tìm thấy trang" in response.text and "URLconf" not in response.text
        login = requests.get(f"http://127.0.0.1:{port}/dang-nhap/", timeout=10, allow_redirects=False)
        assert login.status_code == 200  # plain http on this machine: no redirect to https
    finally:
        process.terminate()
        process.wait(timeout=30)
