from django.utils import timezone
from rest_framework import serializers

from accounts.masking import mask_record
from areas.models import Area, Level
from beneficiaries import selectors
from beneficiaries.models import (
    AccountChange,
    Document,
    DocumentKind,
    Household,
    LivingArrangement,
    MeritCategory,
    MeritFlag,
    MeritProfile,
    PaymentChannel,
    Person,
    PovertyReview,
    ProtectionGroup,
    ProtectionProfile,
    Relation,
    RelativeType,
    Sex,
    WarInvalidType,
)


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A reference by id to a record the requesting user may see (others: "does not exist")."""

    def __init__(self, selector, model, **kwargs):
        self.selector = selector
        super().__init__(queryset=model.objects.none(), **kwargs)  # the model types the schema

    def get_queryset(self):
        return self.selector(user=self.context["request"].user)


def area_field(**kwargs):
    return serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.filter(level=Level.COMMUNE),
                                        **kwargs)


# ------------------------------------------------------------------------------
# Output
# ------------------------------------------------------------------------------
class HouseholdSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area.code")
    head = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    head_name = serializers.CharField(source="head.full_name", default=None, allow_null=True)

    class Meta:
        model = Household
        fields = ("id", "code", "area", "address", "head", "head_name", "created_at", "updated_at")
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area.code")
    household = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Person
        fields = ("id", "full_name", "date_of_birth", "birth_year_only", "sex", "national_id", "old_id_number",
                  "social_insurance_number", "ethnicity", "area", "household", "relation_to_head", "date_of_death",
                  "payment_channel", "bank_code", "account_number", "account_holder", "health_insurance_number",
                  "health_insurance_valid_to", "phone", "has_pension", "created_at", "updated_at")
        read_only_fields = fields

    # Lists serialize 50 persons a page: field by field, DRF spends about 0.6 ms a person. The list reads plain
    # rows (``COLUMNS``, no model instances) and this copies them as they are; dates and times are formatted as
    # DRF's DateField and DateTimeField do (ISO 8601, in the current time zone, "Z" for UTC), so the output is
    # the same (tests/beneficiaries/test_api.py compares them with DRF's own fields).
    PLAIN = ("id", "full_name", "birth_year_only", "sex", "national_id", "old_id_number", "social_insurance_number",
             "ethnicity", "relation_to_head", "payment_channel", "bank_code", "account_number", "account_holder",
             "health_insurance_number", "phone", "has_pension")
    DATES = ("date_of_birth", "date_of_death", "health_insurance_valid_to")
    TIMES = ("created_at", "updated_at")
    COLUMNS = (*PLAIN, *DATES, *TIMES, "area__code", "household_id")  # what a list reads: ``.values(*COLUMNS)``

    def to_representation(self, person):
        row = person if isinstance(person, dict) else {
            **{name: getattr(person, name) for name in (*self.PLAIN, *self.DATES, *self.TIMES)},
            "area__code": person.area.code, "household_id": person.household_id}
        data = {name: row[name] for name in self.PLAIN}
        for name in self.DATES:
            value = row[name]
            data[name] = None if value is None else value.isoformat()
        zone = self.__dict__.get("_zone") or self.__dict__.setdefault("_zone", timezone.get_current_timezone())
        for name in self.TIMES:  # the zone looked up once a list, not once a row (a context-local read each)
            value = row[name]
            data[name] = None if value is None else _iso(value.astimezone(zone))
        data["area"] = row["area__code"]
        data["household"] = row["household_id"]
        request = self.context.get("request")
        return mask_record(request.user if request else None, {name: data[name] for name in self.Meta.fields})


def _iso(moment) -> str:
    text = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


WORKFLOW_FIELDS = ("status", "status_reason", "submitted_by", "submitted_at", "approved_by", "approved_at",
                   "decision_no", "decision_date", "created_at", "updated_at")


class _ProfileSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(read_only=True)
    full_name = serializers.CharField(source="person.full_name")
    area = serializers.CharField(source="person.area.code")
    submitted_by = serializers.CharField(source="submitted_by.username", default=None)
    approved_by = serializers.CharField(source="approved_by.username", default=None)


class MeritProfileSerializer(_ProfileSerializer):
    category = serializers.CharField(source="category_id")
    relationship = serializers.CharField(source="relationship_id", default=None)
    merit_person = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = MeritProfile
        fields = ("id", "person", "full_name", "area", "category", "injury_rate", "war_invalid_type", "flags",
                  "seniority_years", "recognition_decision_no", "recognition_decision_date", "merit_person",
                  "relationship", *WORKFLOW_FIELDS)
        read_only_fields = fields


class ProtectionProfileSerializer(_ProfileSerializer):
    group = serializers.CharField(source="group_id")
    children = serializers.SerializerMethodField(help_text="Con đang nuôi (người đơn thân): người, ngày kết thúc học.")

    def get_children(self, profile) -> list[dict]:
        return [{"child": link.child_id, "studying_until": link.studying_until} for link in profile.children.all()]

    class Meta:
        model = ProtectionProfile
        fields = ("id", "person", "full_name", "area", "group", "children_count", "children", "wants_facility_care",
                  "living_arrangement", "studying_until", *WORKFLOW_FIELDS)
        read_only_fields = fields


class PovertyReviewSerializer(serializers.ModelSerializer):
    household = serializers.PrimaryKeyRelatedField(read_only=True)
    standard = serializers.CharField(source="standard.code")
    deprivations = serializers.SerializerMethodField()

    class Meta:
        model = PovertyReview
        fields = ("id", "household", "year", "standard", "is_urban", "income_per_capita", "deprivations",
                  "deprivation_count", "classification", "created_at", "updated_at")
        read_only_fields = fields

    def get_deprivations(self, obj) -> list[str]:
        return sorted(d.code for d in obj.deprivations.all())


class DocumentSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(read_only=True)
    uploaded_by = serializers.CharField(source="uploaded_by.username")
    filename = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ("id", "person", "kind", "title", "filename", "size", "uploaded_by", "created_at")
        read_only_fields = fields

    def get_filename(self, obj) -> str:
        return obj.file.name.rsplit("/", 1)[-1]


class TransitionSerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    by = serializers.CharField(source="by.username")
    at = serializers.DateTimeField()
    reason = serializers.CharField()


# ------------------------------------------------------------------------------
# Input
# ------------------------------------------------------------------------------
class HouseholdCreateSerializer(serializers.Serializer):
    area = area_field()
    address = serializers.CharField(max_length=300)
    code = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class HouseholdUpdateSerializer(serializers.Serializer):
    address = serializers.CharField(max_length=300, required=False)
    head = ScopedPrimaryKeyField(selectors.person_list, Person, required=False)


class PersonWriteSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150)
    date_of_birth = serializers.DateField()
    birth_year_only = serializers.BooleanField(required=False, default=False)
    sex = serializers.ChoiceField(choices=Sex.choices)
    national_id = serializers.CharField(max_length=12, required=False, allow_blank=True, default="")
    old_id_number = serializers.CharField(max_length=9, required=False, allow_blank=True, default="")
    social_insurance_number = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    ethnicity = serializers.CharField(max_length=50, required=False, allow_blank=True, default="Kinh")
    area = area_field()
    household = ScopedPrimaryKeyField(selectors.household_list, Household, required=False, allow_null=True,
                                      default=None)
    relation_to_head = serializers.ChoiceField(choices=Relation.choices, required=False, allow_blank=True,
                                               default="")
    date_of_death = serializers.DateField(required=False, allow_null=True, default=None)
    payment_channel = serializers.ChoiceField(choices=PaymentChannel.choices, required=False,
                                              default=PaymentChannel.CASH)
    bank_code = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    account_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    account_holder = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    health_insurance_number = serializers.CharField(max_length=15, required=False, allow_blank=True, default="")
    health_insurance_valid_to = serializers.DateField(required=False, allow_null=True, default=None)
    phone = serializers.CharField(max_length=15, required=False, allow_blank=True, default="")
    has_pension = serializers.BooleanField(required=False, default=False)
    confirm_duplicate = serializers.BooleanField(required=False, default=False)
    account_change_reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", write_only=True,
        help_text="lý do đổi tài khoản nhận tiền (PATCH): thay đổi chờ người thứ hai xác nhận")


class AccountChangeSerializer(serializers.ModelSerializer):
    requested_by = serializers.CharField(source="requested_by.username")
    decided_by = serializers.CharField(source="decided_by.username", default=None, allow_null=True)

    class Meta:
        model = AccountChange
        fields = ("id", "person", "old", "new", "reason", "status", "requested_by", "requested_at", "decided_by",
                  "decided_at", "decision_reason")
        read_only_fields = fields

    def to_representation(self, change):
        data = super().to_representation(change)
        request = self.context.get("request")
        user = request.user if request else None
        data["old"], data["new"] = mask_record(user, data["old"]), mask_record(user, data["new"])
        return data


class VerifyAccountSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=[("verified", "verified"), ("failed", "failed")])


class MeritProfileWriteSerializer(serializers.Serializer):
    person = ScopedPrimaryKeyField(selectors.person_list, Person)
    category = serializers.SlugRelatedField(slug_field="code", queryset=MeritCategory.objects.all())
    injury_rate = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0,
                                           max_value=100)
    recognition_decision_no = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    recognition_decision_date = serializers.DateField(required=False, allow_null=True, default=None)
    merit_person = ScopedPrimaryKeyField(selectors.person_list, Person, required=False, allow_null=True, default=None)
    relationship = serializers.SlugRelatedField(slug_field="code", queryset=RelativeType.objects.all(),
                                                required=False, allow_null=True, default=None)
    war_invalid_type = serializers.ChoiceField(choices=WarInvalidType.choices, required=False,
                                               default=WarInvalidType.A)
    flags = serializers.ListField(child=serializers.ChoiceField(choices=MeritFlag.choices), required=False,
                                  default=list)
    seniority_years = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0,
                                               max_value=80)


class ProtectionProfileWriteSerializer(serializers.Serializer):
    person = ScopedPrimaryKeyField(selectors.person_list, Person)
    group = serializers.SlugRelatedField(slug_field="code", queryset=ProtectionGroup.objects.all())
    children_count = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)
    wants_facility_care = serializers.BooleanField(required=False, default=False)
    living_arrangement = serializers.ChoiceField(choices=LivingArrangement.choices, required=False,
                                                 default=LivingArrangement.WITH_FAMILY)
    studying_until = serializers.DateField(required=False, allow_null=True, default=None)


class ProfileChildSerializer(serializers.Serializer):
    child = ScopedPrimaryKeyField(selectors.person_list, Person)
    studying_until = serializers.DateField(required=False, allow_null=True, default=None)
    remove = serializers.BooleanField(required=False, default=False, help_text="true: bỏ người con này khỏi hồ sơ")


class PovertyReviewWriteSerializer(serializers.Serializer):
    household = ScopedPrimaryKeyField(selectors.household_list, Household)
    year = serializers.IntegerField()
    income_per_capita = serializers.IntegerField(min_value=0)
    deprivations = serializers.ListField(child=serializers.CharField(max_length=30), required=False, default=list,
                                         help_text="Mã chỉ số thiếu hụt, ví dụ [\"BHYT\", \"NUOC_SH\"]")


class DocumentUploadSerializer(serializers.Serializer):
    person = ScopedPrimaryKeyField(selectors.person_list, Person)
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    file = serializers.FileField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


