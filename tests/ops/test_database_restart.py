"""PostgreSQL restarts under a running product: gunicorn and a db_worker keep running, the user sees a 503
page (not a 500 trace) while the server is down, and both carry on by themselves once it is back."""

import subprocess
import sys

import pytest
import requests
from django.db import connection

from accounts.tokens import token_issue
from tests.helpers import PERSONS_HEADER, person_row, xlsx
from tests.processes import BASE_DIR, Web, product_env, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_web_and_a_worker_outlive_a_database_restart(client, officer_a, primary, tmp_path):
    key = token_issue(user=officer_a)[1]
    client.force_login(officer_a)
    cookies = {"sessionid": client.cookies["sessionid"].value}
    api = {"Authorization": f"Token {key}"}
    primary.load(connection.settings_dict)  # the user, the session and the token, in a server we may restart
    env = product_env(primary.url(), tmp_path / "media")
    web = Web(env)
    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload",
                               "--interval", "0.2"], cwd=BASE_DIR, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert web.get("/api/v1/persons/", headers=api).status_code == 200
        assert web.get("/doi-tuong/", cookies=cookies).status_code == 200  # a page, on a persistent connection

        primary.stop()
        down = web.get("/api/v1/persons/", headers=api)
        assert down.status_code == 503 and down.json()["code"] == "database_unavailable"
        assert down.headers["Retry-After"] == "30"
        page = web.get("/doi-tuong/", cookies=cookies)
        assert page.status_code == 503 and "không kết nối được cơ sở dữ liệu" in page.text
        assert "Traceback" not in page.text

        primary.start()
        assert web.get("/api/v1/persons/", headers=api).status_code == 200  # the same process, reconnected
        assert web.get("/doi-tuong/", cookies=cookies).status_code == 200
        assert web.process.poll() is None and worker.poll() is None  # nobody restarted them

        response = requests.post(web.base + "/api/v1/imports/", headers=api, data={"kind": "households"}, timeout=30,
                                 files={"file": ("ho.xlsx", xlsx(PERSONS_HEADER, [person_row()]))})
        assert response.status_code == 202, response.text
        job = response.json()["id"]
        checked = wait_for(lambda: web.get(f"/api/v1/jobs/{job}/", headers=api).json()["status"] == "ready", 60)
        assert checked, "the worker that lived through the restart did not run the job"
    finally:
        web.stop()
        worker.terminate()
        worker.wait(timeout=30)
