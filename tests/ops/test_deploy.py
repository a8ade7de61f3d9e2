"""The production layout in deploy/, run as written: its environment passes `check --deploy`, its systemd
units verify, and nginx with TLS in front of gunicorn serves the product, signs a user in over HTTPS (the
proxy header, secure cookies and CSRF as configured) and redirects plain HTTP."""

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import urllib3
from django.core.management import call_command

from tests.processes import BASE_DIR, Web, database_url, free_ports, wait_for

DEPLOY = BASE_DIR / "deploy"
HOST = "ansinh.example.gov.vn"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def production_env(tmp_path) -> dict:
    """deploy/an-sinh.env.example with its placeholders filled: the test database and a fresh secret key."""
    values = dict(line.split("=", 1) for line in (DEPLOY / "an-sinh.env.example").read_text().splitlines()
                  if line and not line.startswith("#"))
    values.update(DATABASE_URL=database_url(), DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
                  DJANGO_MEDIA_ROOT=str(tmp_path / "media"))
    return {**{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, **values}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_production_environment_passes_the_deployment_check(tmp_path):
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=BASE_DIR, env=production_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_systemd_units_verify(tmp_path):
    env_file = tmp_path / "an-sinh.env"
    env_file.write_text((DEPLOY / "an-sinh.env.example").read_text())
    for unit in (DEPLOY / "systemd").iterdir():  # as installed, with this checkout in place of /srv/an-sinh
        text = unit.read_text().replace("/srv/an-sinh/", f"{BASE_DIR}/").replace("/etc/an-sinh/an-sinh.env",
                                                                                  str(env_file))
        (tmp_path / unit.name).write_text(text)
    units = sorted(str(p) for p in tmp_path.glob("an-sinh-*") if p.suffix in (".service", ".timer")
                   and "@" not in p.name) + [str(tmp_path / "an-sinh-worker@1.service")]
    shutil.copy(tmp_path / "an-sinh-worker@.service", tmp_path / "an-sinh-worker@1.service")
    result = subprocess.run(["systemd-analyze", "verify", *units], capture_output=True, text=True, timeout=60,
                            cwd=tmp_path)
    problems = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert result.returncode == 0 and not problems, problems
    for script in (DEPLOY / "bin").iterdir():
        assert script.stat().st_mode & 0o111, f"{script.name} is not executable"


def nginx_conf(tmp_path, app: int, http: int, https: int) -> Path:
    """deploy/nginx/an-sinh.conf on this machine's ports and a self-signed certificate, in a minimal nginx.conf."""
    site = (DEPLOY / "nginx" / "an-sinh.conf").read_text()
    site = (site.replace("127.0.0.1:8000", f"127.0.0.1:{app}").replace("listen 80;", f"listen {http};")
            .replace("listen 443 ssl", f"listen {https} ssl").replace("/etc/ssl/an-sinh/fullchain.pem",
                                                                       str(tmp_path / "cert.pem"))
            .replace("/etc/ssl/an-sinh/privkey.pem", str(tmp_path / "key.pem"))
            .replace("/srv/an-sinh/staticfiles/", f"{BASE_DIR}/static/"))
    site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"user root;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n access_log off;\n include {tmp_path}/site.conf;\n}}\n")
    return tmp_path / "nginx.conf"


@pytest.mark.skipif(not shutil.which(NGINX), reason="nginx is not installed")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nginx_with_tls_in_front_of_gunicorn_signs_a_user_in(tmp_path, officer_a, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # what production reads
    officer_a.set_password("mat-khau-thu-nghiem")
    officer_a.save()
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
                    "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
                   check=True, capture_output=True, timeout=60)
    app, http, https = free_ports(3)  # distinct: two listeners on one port would fail nginx's check
    env = {**production_env(tmp_path),
           "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    web = Web(env, app)  # answers 400/301 to a bare request: it wants the proxy's Host and X-Forwarded-Proto
    conf = nginx_conf(tmp_path, web.port, http, https)
    check = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True,
                           timeout=30)
    if check.returncode:
        web.stop()
    assert check.returncode == 0, check.stderr
    proxy = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"https://127.0.0.1:{https}"
    session = requests.Session()
    session.headers["Host"] = HOST
    try:
        errors = []

        def login_page():
            try:
                return session.get(base + "/dang-nhap/", timeout=10, verify=False)
            except requests.RequestException as exc:
                time.sleep(0.2)
                errors.append(repr(exc)[:300])
                return None

        page = wait_for(lambda: (r := login_page()) is not None and r.status_code == 200 and r, 60)
        assert page, f"nginx → gunicorn did not answer: {errors[-1:]} {(tmp_path / 'error.log').read_text()[-500:]}"
        assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        signed_in = session.post(base + "/dang-nhap/", allow_redirects=False, timeout=30, verify=False,
                                 data={"username": officer_a.username, "password": "mat-khau-thu-nghiem",
                                       "csrfmiddlewaretoken": token},
                                 headers={"Referer": f"https://{HOST}/dang-nhap/", "Origin": f"https://{HOST}"})
        assert signed_in.status_code == 302, signed_in.text[:500]
        cookie = next(c for c in session.cookies if c.name == "sessionid")
        assert cookie.secure and cookie.has_nonstandard_attr("HttpOnly")
        signed_in_page = session.get(base + "/doi-tuong/", timeout=30, verify=False)
        assert signed_in_page.status_code == 200  # signed in, through the proxy
        assert session.get(base + "/static/css/app.css", timeout=30, verify=False).status_code == 200  # by nginx
        plain = requests.get(f"http://127.0.0.1:{http}/doi-tuong/", headers={"Host": HOST}, allow_redirects=False,
                             timeout=30)
        assert plain.status_code == 301 and plain.headers["Location"] == f"https://{HOST}/doi-tuong/"
    finally:
        proxy.terminate()
        proxy.wait(timeout=30)
        web.stop()


def test_the_static_files_collect_with_the_production_storage(settings, tmp_path):
    """``collectstatic`` as docs/deploy.md runs it: hashed, compressed, every reference found (a vendored
    script that names a missing source map made it fail)."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    call_command("collectstatic", "--noinput", verbosity=0)
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    assert {"css/app.css", "vendor/chartjs-4.6.1/chart.umd.min.js"} <= set(manifest["paths"])
