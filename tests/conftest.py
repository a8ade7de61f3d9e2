import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import Role
from areas.models import Kind
from areas.selectors import area_cache_clear
from tests.factories import make_area, make_user


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    """Speed up password hashing and keep uploaded files out of the project."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    area_cache_clear()  # units kept by a previous test's rolled-back transaction
    cache.clear()  # the menu's queue counts (accounts.navigation), kept per user id
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SECURE_SSL_REDIRECT = False  # the test client speaks plain HTTP
    # No collectstatic in tests: serve from the app folders without a manifest.
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture
def tree(db):
    """Two provinces; Bắc Ninh (24) with a ward and a commune, Hà Nội (01) with one ward."""
    bac_ninh = make_area("24", "Tỉnh Bắc Ninh")
    ha_noi = make_area("01", "Thành phố Hà Nội", kind=Kind.THANH_PHO_TW)
    return {
        "bac_ninh": bac_ninh,
        "ha_noi": ha_noi,
        "bac_giang": make_area("07210", "Phường Bắc Giang", parent=bac_ninh, kind=Kind.PHUONG),
        "tay_yen_tu": make_area("07616", "Xã Tây Yên Tử", parent=bac_ninh),
        "ba_dinh": make_area("00004", "Phường Ba Đình", parent=ha_noi, kind=Kind.PHUONG),
    }


@pytest.fixture
def officer_a(tree):
    return make_user(Role.COMMUNE_OFFICER, tree["bac_giang"], username="canbo.a")


@pytest.fixture
def officer_b(tree):
    return make_user(Role.COMMUNE_OFFICER, tree["tay_yen_tu"], username="canbo.b")


@pytest.fixture
def specialist(tree):
    """A specialist of the Sở Nội vụ (merit cases, housing); social assistance is the commune leader's."""
    return make_user(Role.SO_SPECIALIST, tree["bac_ninh"], username="chuyenvien", agency="noi_vu")


@pytest.fixture
def chairman_a(tree):
    """The chairman of Phường Bắc Giang: decides its social-assistance cases."""
    return make_user(Role.COMMUNE_LEADER, tree["bac_giang"], username="chutich.a")


@pytest.fixture
def chairman_b(tree):
    return make_user(Role.COMMUNE_LEADER, tree["tay_yen_tu"], username="chutich.b")


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def api_client_for():
    def build(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return build


@pytest.fixture
def leader(tree):
    return make_user(Role.SO_LEADER, tree["bac_ninh"], username="lanhdao", agency="noi_vu")
