"""The one router of API v1."""

from rest_framework.routers import DefaultRouter

from areas.api import AreaViewSet, LegacyAreaViewSet

router = DefaultRouter()
router.register("areas", AreaViewSet, basename="area")
router.register("legacy-areas", LegacyAreaViewSet, basename="legacy-area")

urlpatterns = router.urls
