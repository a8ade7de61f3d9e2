"""The one router of API v1."""

from rest_framework.routers import DefaultRouter

from areas.api import AreaViewSet, LegacyAreaViewSet
from beneficiaries.api import (
    DocumentViewSet,
    HouseholdViewSet,
    MeritProfileViewSet,
    PersonViewSet,
    PovertyReviewViewSet,
    ProtectionProfileViewSet,
)

router = DefaultRouter()
router.register("areas", AreaViewSet, basename="area")
router.register("legacy-areas", LegacyAreaViewSet, basename="legacy-area")
router.register("households", HouseholdViewSet, basename="household")
router.register("persons", PersonViewSet, basename="person")
router.register("merit-profiles", MeritProfileViewSet, basename="merit-profile")
router.register("protection-profiles", ProtectionProfileViewSet, basename="protection-profile")
router.register("poverty-reviews", PovertyReviewViewSet, basename="poverty-review")
router.register("documents", DocumentViewSet, basename="document")

urlpatterns = router.urls
