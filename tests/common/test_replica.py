"""The replica router without a replica (the default): every read and write on the primary.
With a real standby: tests/ops/test_replica.py."""

from common.replica import REPLICA, ReplicaRouter, replica_configured, replica_reads
from indicators.models import Indicator


def test_without_a_replica_everything_reads_and_writes_the_primary():
    router = ReplicaRouter()
    assert not replica_configured()
    with replica_reads():
        assert router.db_for_read(Indicator) == "default"
    assert router.db_for_write(Indicator) == "default"
    assert router.allow_migrate("default", "indicators") and not router.allow_migrate(REPLICA, "indicators")
