"""A real hot standby (pg_basebackup, streaming replication) behind DATABASE_REPLICA_URL: the dashboard and
the indicators API read from it, every write goes to the primary, and a standby that is down is read around."""

import pytest
from django.db import connection

from accounts.tokens import token_issue
from indicators.models import Indicator
from tests.ops.servers import DATABASE, Server
from tests.processes import Web, product_env, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_dashboard_reads_the_replica_and_writes_never_go_there(client, officer_a, primary, tmp_path):
    indicator = Indicator.objects.filter(kind=Indicator.Kind.COMPUTED).order_by("sort_order").first()
    key = token_issue(user=officer_a)[1]
    client.force_login(officer_a)
    cookies, api = {"sessionid": client.cookies["sessionid"].value}, {"Authorization": f"Token {key}"}
    primary.load(connection.settings_dict)
    replica = Server("standby").standby_of(primary)
    web = None
    try:
        assert replica.psql(DATABASE, "SELECT pg_is_in_recovery()") == "t"
        web = Web(product_env(primary.url(), tmp_path / "media", DATABASE_REPLICA_URL=replica.url()))

        def names() -> tuple[str, str]:
            figures = web.get("/api/v1/indicators/", headers=api).json()
            page = web.get("/", cookies=cookies).text
            api_name = next(f["name"] for f in figures if f["code"] == indicator.code)
            return api_name, ("Đổi trên bản chính" in page)

        assert names() == (indicator.name, False)
        # Hold the standby where it is, then change the indicator's name on the primary.
        replica.psql(DATABASE, "SELECT pg_wal_replay_pause()")
        primary.psql(DATABASE, f"UPDATE indicators_indicator SET name = 'Đổi trên bản chính' WHERE id = {indicator.pk}")
        assert names() == (indicator.name, False)  # the dashboard and the API still show the standby's rows
        persons = web.get("/api/v1/persons/", headers=api)  # an ordinary list reads the primary
        assert persons.status_code == 200
        replica.psql(DATABASE, "SELECT pg_wal_replay_resume()")
        assert wait_for(lambda: names() == ("Đổi trên bản chính", True), 30)

        # Writes inside a replica view go to the primary (a standby refuses them: this would be a 500).
        export = web.get(f"/chi-tieu/{indicator.code}/ho-so/?export=xlsx", cookies=cookies)
        assert export.status_code == 200, export.status_code
        logged = f"SELECT count(*) FROM accounts_readlog WHERE user_id = {officer_a.pk}"
        assert int(primary.psql(DATABASE, logged)) >= 1
        assert wait_for(lambda: replica.psql(DATABASE, logged) == primary.psql(DATABASE, logged), 30)

        replica.stop()  # a standby that is away: the dashboard is read from the primary, not a 503
        assert web.get("/api/v1/indicators/", headers=api).status_code == 200
        assert web.get("/", cookies=cookies).status_code == 200
    finally:
        if web is not None:
            web.stop()
        replica.destroy()
