from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.models import CASE_DECIDERS, REGISTRARS, SO_ROLES, Role
from accounts.readlog import VIEW, record_read
from beneficiaries import selectors
from beneficiaries.filters import (
    HouseholdFilter,
    MeritProfileFilter,
    PersonFilter,
    PovertyReviewFilter,
    ProtectionProfileFilter,
)
from beneficiaries.models import (
    AccountChange,
    Document,
    Household,
    MeritProfile,
    Person,
    PovertyReview,
    ProtectionProfile,
)
from beneficiaries.serializers import (
    AccountChangeSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
    HouseholdCreateSerializer,
    HouseholdSerializer,
    HouseholdUpdateSerializer,
    MeritProfileSerializer,
    MeritProfileWriteSerializer,
    PersonSerializer,
    PersonWriteSerializer,
    PovertyReviewSerializer,
    PovertyReviewWriteSerializer,
    ProfileChildSerializer,
    ProtectionProfileSerializer,
    ProtectionProfileWriteSerializer,
    ReasonSerializer,
    TransitionSerializer,
    VerifyAccountSerializer,
)
from beneficiaries.services import accounts, documents, persons, profiles, reviews
from common.api import SearchPagination, WorkflowActionsMixin, workflow_schema
from common.audit import history_of
from common.transitions import transitions_of
from common.views import private_file
from common.workflow import CASE_ACTIONS


class RegistryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Read through a scoped selector; create and change through services (no PUT, no DELETE)."""

    write_roles = REGISTRARS
    # workflow decisions (WorkflowActionsMixin): the Sở or the commune leader, as the decision table says
    decision_actions = frozenset(a.method for a in CASE_ACTIONS.values() if a.decides)
    decision_roles = CASE_DECIDERS

    http_method_names = ["get", "post", "patch", "head", "options"]
    selector = None
    write_serializer_class = None

    def get_queryset(self):
        return type(self).selector(user=self.request.user)

    def read_input(self, serializer_class=None, partial=False):
        serializer = (serializer_class or self.write_serializer_class)(
            data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def respond(self, obj, status_code=status.HTTP_200_OK):
        obj = self.get_queryset().get(pk=obj.pk)  # re-read with the list's joins and scope
        return Response(self.get_serializer(obj).data, status=status_code)

    @extend_schema(responses={200: dict})
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """Audit history of this record: who changed what, old → new."""
        return Response(history_of(self.get_object(), user=request.user))


class HouseholdViewSet(RegistryViewSet):
    queryset = Household.objects.none()  # for the schema; rows come from the scoped selector
    serializer_class = HouseholdSerializer
    filterset_class = HouseholdFilter
    selector = staticmethod(selectors.household_list)
    write_serializer_class = HouseholdCreateSerializer

    @extend_schema(request=HouseholdCreateSerializer)
    def create(self, request):
        household = persons.household_create(by=request.user, **self.read_input())
        return self.respond(household, status.HTTP_201_CREATED)

    @extend_schema(request=HouseholdUpdateSerializer)
    def partial_update(self, request, pk=None):
        data = self.read_input(HouseholdUpdateSerializer, partial=True)
        return self.respond(persons.household_update(by=request.user, household=self.get_object(), **data))


class PersonViewSet(RegistryViewSet):
    queryset = Person.objects.none()  # for the schema; rows come from the scoped selector
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    selector = staticmethod(selectors.person_list)
    write_serializer_class = PersonWriteSerializer
    pagination_class = SearchPagination
    decision_actions = frozenset({"verify_account"})  # the second person (services.accounts), not the registrar

    def list(self, request):
        """Persons in scope, 50 a page, filtered; read as plain rows (``PersonSerializer.COLUMNS``): building
        100 model instances a page cost a tenth of the request (docs/performance.md)."""
        rows = self.filter_queryset(self.get_queryset()).values(*PersonSerializer.COLUMNS)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        person = self.get_object()
        record_read(request, VIEW, "person", object_id=person.pk, person_id=person.pk, filters={})
        return Response(self.get_serializer(person).data)

    def get_queryset(self):
        # The API shows the household's id only: joining every household of a commune before the
        # page is sorted cost 50 ms of the 88 at 1,000,000 persons (docs/performance.md).
        return super().get_queryset().select_related(None).select_related("area")

    @extend_schema(request=PersonWriteSerializer)
    def create(self, request):
        data = self.read_input()
        data.pop("account_change_reason", None)  # a new person's account needs no second person
        person = persons.person_register(by=request.user, **data)
        return self.respond(person, status.HTTP_201_CREATED)

    @extend_schema(request=PersonWriteSerializer)
    def partial_update(self, request, pk=None):
        """Change details; a change of the payout account becomes a pending change (``account-changes``)."""
        person = self.get_object()
        data = self.read_input(partial=True)
        return self.respond(persons.person_update(by=request.user, person=person, **data))

    @extend_schema(responses=AccountChangeSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="account-changes", url_name="account-changes")
    def account_changes(self, request, pk=None):
        """Requested changes of this person's payout account, newest first."""
        person = self.get_object()
        changes = selectors.account_change_list(user=request.user).filter(person=person)
        return Response(AccountChangeSerializer(changes, many=True, context=self.get_serializer_context()).data)

    @extend_schema(request=VerifyAccountSerializer)
    @action(detail=True, methods=["post"], url_path="verify-account", url_name="verify-account")
    def verify_account(self, request, pk=None):
        """Record the check of the account against the population database (verified / failed)."""
        person = self.get_object()
        accounts.ensure_confirmer(request.user, person)  # refused before the input is read
        return self.respond(accounts.account_verify(by=request.user, person=person,
                                                    **self.read_input(VerifyAccountSerializer)))


class AccountChangeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Pending and decided changes of payout accounts in the user's area; a second person confirms or rejects."""

    serializer_class = AccountChangeSerializer
    queryset = AccountChange.objects.none()
    filterset_fields = ["status"]
    write_roles = (Role.COMMUNE_LEADER, *SO_ROLES)

    def get_queryset(self):
        return selectors.account_change_list(user=self.request.user)

    def _respond(self, change):
        return Response(self.get_serializer(self.get_queryset().get(pk=change.pk)).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._respond(accounts.account_change_confirm(by=request.user, change=self.get_object()))

    @extend_schema(request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        change = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(accounts.account_change_reject(by=request.user, change=change,
                                                            reason=data.validated_data["reason"]))


@extend_schema_view(**workflow_schema(profiles.WORKFLOW))
class ProfileViewSet(WorkflowActionsMixin, RegistryViewSet):
    """Profiles with the workflow actions of DESIGN.md §4 (common.workflow.CASE_ACTIONS)."""

    case_kind = profiles.WORKFLOW
    create_service = None
    update_service = None

    def create(self, request):
        profile = type(self).create_service(by=request.user, **self.read_input())
        return self.respond(profile, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        profile = self.get_object()
        data = self.read_input(partial=True)
        data.pop("person", None)  # a profile stays with its person
        return self.respond(type(self).update_service(by=request.user, profile=profile, **data))

    @extend_schema(responses=TransitionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def transitions(self, request, pk=None):
        """Status changes of this profile, oldest first."""
        return Response(TransitionSerializer(transitions_of(self.get_object()), many=True).data)


class MeritProfileViewSet(ProfileViewSet):
    queryset = MeritProfile.objects.none()  # for the schema; rows come from the scoped selector
    serializer_class = MeritProfileSerializer
    filterset_class = MeritProfileFilter
    selector = staticmethod(selectors.merit_profile_list)
    write_serializer_class = MeritProfileWriteSerializer
    create_service = staticmethod(profiles.merit_profile_create)
    update_service = staticmethod(profiles.merit_profile_update)


class ProtectionProfileViewSet(ProfileViewSet):
    queryset = ProtectionProfile.objects.none()  # for the schema; rows come from the scoped selector
    serializer_class = ProtectionProfileSerializer
    filterset_class = ProtectionProfileFilter
    write_serializer_class = ProtectionProfileWriteSerializer

    @staticmethod
    def selector(*, user):
        return selectors.protection_profile_list(user=user).prefetch_related("children")
    create_service = staticmethod(profiles.protection_profile_create)
    update_service = staticmethod(profiles.protection_profile_update)

    @extend_schema(request=ProfileChildSerializer)
    @action(detail=True, methods=["post"])
    def children(self, request, pk=None):
        """Link a child a single parent is raising (``remove``: unlink), while the profile is a draft or returned."""
        profile = self.get_object()
        data = self.read_input(ProfileChildSerializer)
        if data.pop("remove"):
            profiles.profile_child_remove(by=request.user, profile=profile, child=data["child"])
        else:
            profiles.profile_child_add(by=request.user, profile=profile, **data)
        return self.respond(profile)


class PovertyReviewViewSet(RegistryViewSet):
    """Annual reviews; ``classification`` and ``deprivation_count`` are computed on save."""

    queryset = PovertyReview.objects.none()  # for the schema; rows come from the scoped selector
    serializer_class = PovertyReviewSerializer
    filterset_class = PovertyReviewFilter
    selector = staticmethod(selectors.poverty_review_list)
    write_serializer_class = PovertyReviewWriteSerializer

    @extend_schema(request=PovertyReviewWriteSerializer)
    def create(self, request):
        review = reviews.poverty_review_save(by=request.user, **self.read_input())
        return self.respond(review, status.HTTP_201_CREATED)

    @extend_schema(request=PovertyReviewWriteSerializer)
    def partial_update(self, request, pk=None):
        review = self.get_object()
        data = self.read_input(partial=True)
        data.pop("household", None)
        merged = {"year": review.year, "income_per_capita": review.income_per_capita,
                  "deprivations": [d.code for d in review.deprivations.all()], **data}
        return self.respond(reviews.poverty_review_save(by=request.user, household=review.household, review=review,
                                                        **merged))


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Scans attached to a person; downloaded only through this scoped endpoint."""

    write_roles = REGISTRARS
    queryset = Document.objects.none()  # for the schema; rows come from the scoped selector
    serializer_class = DocumentSerializer
    parser_classes = [MultiPartParser, FormParser]
    filterset_fields = ["person", "kind"]

    def get_queryset(self):
        return selectors.document_list(user=self.request.user)

    @extend_schema(request=DocumentUploadSerializer)
    def create(self, request):
        serializer = DocumentUploadSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        document = documents.document_upload(by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        document: Document = self.get_object()
        return private_file(request, document.file, what="document", object_id=document.pk,
                            person_id=document.person_id)
