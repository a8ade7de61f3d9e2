import pytest

from tests.ops.servers import Server


@pytest.fixture
def primary():
    server = Server("primary").create()
    yield server
    server.destroy()
