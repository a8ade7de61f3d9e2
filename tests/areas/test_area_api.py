import pytest

from areas.services import areas_load


@pytest.fixture
def bac_ninh(db):
    areas_load(province_code="24")


@pytest.fixture
def client(bac_ninh, api_client_for):
    from accounts.models import Role
    from areas.models import Area
    from tests.factories import make_user

    return api_client_for(make_user(Role.VIEWER, Area.objects.get(code="24")))


def test_filters_by_level_and_parent_code(client):
    response = client.get("/api/v1/areas/", {"level": "commune", "parent": "24", "page_size": 500})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 99
    first = body["results"][0]
    assert set(first) == {"code", "name", "level", "kind", "parent", "is_urban", "is_active"}
    assert first["parent"] == "24"


def test_detail_by_code(client):
    body = client.get("/api/v1/areas/07210/").json()
    assert body == {"code": "07210", "name": "Phường Bắc Giang", "level": "commune", "kind": "phuong",
                    "parent": "24", "is_urban": True, "is_active": True}


def test_unknown_code_is_404(client):
    assert client.get("/api/v1/areas/99999/").status_code == 404


def test_accent_insensitive_name_search(client):
    names = [a["name"] for a in client.get("/api/v1/areas/", {"q": "tay yen tu"}).json()["results"]]
    assert names == ["Xã Tây Yên Tử"]


def test_within_includes_the_area_and_its_units(client):
    assert client.get("/api/v1/areas/", {"within": "24"}).json()["count"] == 100


def test_bad_level_is_400(client):
    response = client.get("/api/v1/areas/", {"level": "planet"})
    assert response.status_code == 400
    assert "level" in response.json()


def test_page_size_is_honoured(client):
    body = client.get("/api/v1/areas/", {"page_size": 7}).json()
    assert len(body["results"]) == 7
    assert set(body) == {"count", "next", "previous", "results"}
    assert "page=2" in body["next"]


def test_page_size_is_capped_at_500(client):
    areas_load()  # the whole country: 3,355 units
    body = client.get("/api/v1/areas/", {"page_size": 10000}).json()
    assert body["count"] == 3355
    assert len(body["results"]) == 500


def test_legacy_unit_shows_its_successor(client):
    body = client.get("/api/v1/legacy-areas/27/").json()
    assert body["name"] == "Tỉnh Bắc Ninh"
    assert body["successors"] == [{"area": "24", "name": "Tỉnh Bắc Ninh", "is_partly_merged": False}]
