from rest_framework import serializers

from beneficiaries import selectors as registry
from beneficiaries.models import Person
from beneficiaries.serializers import WORKFLOW_FIELDS, ScopedPrimaryKeyField
from programs.models import Admission, BenefitRule, Enrollment, Facility, Program


class BenefitRuleSerializer(serializers.ModelSerializer):
    merit_category = serializers.CharField(source="merit_category_id", allow_null=True)
    protection_group = serializers.CharField(source="protection_group_id", allow_null=True)

    class Meta:
        model = BenefitRule
        fields = ("id", "merit_category", "for_relatives", "protection_group", "age_min", "age_max",
                  "injury_rate_min", "injury_rate_max", "relative_count_min", "relative_count_max", "component",
                  "coefficient", "per_child", "amount", "valid_from", "valid_to", "legal_basis", "note")
        read_only_fields = fields


class ProgramSerializer(serializers.ModelSerializer):
    class Meta:
        model = Program
        fields = ("code", "name", "kind", "target", "owning_agency", "payment_frequency", "standard_code",
                  "legal_basis", "is_active")


class EnrollmentSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(read_only=True)
    full_name = serializers.CharField(source="person.full_name")
    area = serializers.CharField(source="person.area.code")
    program = serializers.CharField(source="program.code")
    submitted_by = serializers.CharField(source="submitted_by.username", default=None)
    approved_by = serializers.CharField(source="approved_by.username", default=None)

    class Meta:
        model = Enrollment
        fields = ("id", "person", "full_name", "area", "program", "start_date", "end_date", *WORKFLOW_FIELDS)
        read_only_fields = fields


class EnrollmentWriteSerializer(serializers.Serializer):
    person = ScopedPrimaryKeyField(registry.person_list, Person)
    program = serializers.SlugRelatedField(slug_field="code", queryset=Program.objects.all())
    start_date = serializers.DateField(required=False, allow_null=True, default=None, help_text=(
        "Default: the day of death (funeral support) or the first day of this month; a program paid from the month "
        "of the decision (social pension) starts then, whatever is given."))
    end_date = serializers.DateField(required=False, allow_null=True, default=None)


class IssueSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class PaidRuleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    component = serializers.CharField()
    merit_category = serializers.CharField(allow_null=True)
    protection_group = serializers.CharField(allow_null=True)
    note = serializers.CharField()
    mark = serializers.CharField()
    legal_basis = serializers.CharField()


class AmountSerializer(serializers.Serializer):
    period = serializers.CharField()
    amount = serializers.IntegerField(allow_null=True, help_text=(
        "What is paid for the month, in đồng; null while the month has a problem (nothing is paid)."))
    computed = serializers.IntegerField(help_text="What the rules that did apply give.")
    rules = serializers.ListField(child=serializers.IntegerField())
    paid_rules = PaidRuleSerializer(many=True)
    problems = IssueSerializer(many=True, help_text="Why the rules cannot give the amount; empty when all is well.")
    notes = IssueSerializer(many=True, help_text="Why an amount is what it is (age limit, facility care...).")


class FacilitySerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    occupancy = serializers.IntegerField(read_only=True)

    class Meta:
        model = Facility
        fields = ("id", "code", "name", "is_public", "capacity", "occupancy", "area", "address", "is_active")
        read_only_fields = fields


class AdmissionSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(read_only=True)
    full_name = serializers.CharField(source="person.full_name")
    facility = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Admission
        fields = ("id", "person", "full_name", "facility", "admitted_on", "discharged_on", "discharge_reason")
        read_only_fields = fields


class AdmissionWriteSerializer(serializers.Serializer):
    person = ScopedPrimaryKeyField(registry.person_list, Person)
    facility = serializers.PrimaryKeyRelatedField(queryset=Facility.objects.all())
    admitted_on = serializers.DateField()


class DischargeSerializer(serializers.Serializer):
    discharged_on = serializers.DateField()
    reason = serializers.CharField()
