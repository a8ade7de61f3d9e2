"""The one router of API v1."""

from rest_framework.routers import DefaultRouter

from accounts.api import ApiTokenViewSet, ReadLogViewSet
from areas.api import AreaViewSet, LegacyAreaViewSet
from beneficiaries.api import (
    AccountChangeViewSet,
    DocumentViewSet,
    HouseholdViewSet,
    MeritProfileViewSet,
    PersonViewSet,
    PovertyReviewViewSet,
    ProtectionProfileViewSet,
)
from complaints.api import ComplaintViewSet
from housing.api import HousingCaseViewSet
from indicators.api import IndicatorViewSet
from jobs.api import ImportViewSet, JobViewSet
from payments.api import PaymentBatchViewSet, PaymentViewSet
from programs.api import AdmissionViewSet, EnrollmentViewSet, FacilityViewSet, ProgramViewSet

router = DefaultRouter()
router.register("auth/tokens", ApiTokenViewSet, basename="api-token-own")
router.register("read-log", ReadLogViewSet, basename="read-log")
router.register("areas", AreaViewSet, basename="area")
router.register("legacy-areas", LegacyAreaViewSet, basename="legacy-area")
router.register("households", HouseholdViewSet, basename="household")
router.register("persons", PersonViewSet, basename="person")
router.register("account-changes", AccountChangeViewSet, basename="account-change")
router.register("merit-profiles", MeritProfileViewSet, basename="merit-profile")
router.register("protection-profiles", ProtectionProfileViewSet, basename="protection-profile")
router.register("poverty-reviews", PovertyReviewViewSet, basename="poverty-review")
router.register("documents", DocumentViewSet, basename="document")
router.register("programs", ProgramViewSet, basename="program")
router.register("enrollments", EnrollmentViewSet, basename="enrollment")
router.register("facilities", FacilityViewSet, basename="facility")
router.register("admissions", AdmissionViewSet, basename="admission")
router.register("payment-batches", PaymentBatchViewSet, basename="payment-batch")
router.register("payments", PaymentViewSet, basename="payment")
router.register("housing-cases", HousingCaseViewSet, basename="housing-case")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("imports", ImportViewSet, basename="import")
router.register("jobs", JobViewSet, basename="job")
router.register("complaints", ComplaintViewSet, basename="complaint")

urlpatterns = router.urls
