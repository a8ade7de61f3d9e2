import datetime
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import TextField, Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import REGISTRARS, User
from accounts.scoping import ensure_in_scope, require_role
from areas.models import Area, Level
from beneficiaries.models import Household, IdIssuingProvince, PaymentChannel, Person, Relation, search_key
from beneficiaries.services.accounts import account_change_request, account_of
from beneficiaries.validators import (
    national_id_errors,
    validate_old_id,
    validate_phone,
    validate_social_insurance_number,
)
from common.audit import acting_as
from programs.services.enrollments import enrollments_end_for_death  # a death ends them (DESIGN.md §4)

PERSON_FIELDS = (
    "full_name", "date_of_birth", "birth_year_only", "sex", "national_id", "old_id_number",
    "social_insurance_number", "ethnicity", "relation_to_head", "date_of_death", "payment_channel", "bank_code",
    "account_number", "account_holder", "health_insurance_number", "health_insurance_valid_to", "phone",
    "has_pension",
)


def nfc(value):
    return unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else value


def _require_commune(area: Area, field: str = "area") -> None:
    problem = commune_problem(area)
    if problem:
        raise ValidationError({field: problem})


def commune_problem(area: Area) -> str:
    """Why ``area`` cannot hold persons and households ("" when it can)."""
    if area.level != Level.COMMUNE:
        return _("Phải chọn một xã/phường/đặc khu, không phải đơn vị cấp trên.")
    if not area.is_active:
        return _("Đơn vị hành chính này đã ngừng hiệu lực.")
    return ""


def _next_household_code(area: Area) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('beneficiaries_household_code_seq')")
        (number,) = cursor.fetchone()
    return f"H{area.code}{number:07d}"


@transaction.atomic
def household_create(*, by: User, area: Area, address: str, code: str = "") -> Household:
    """Register a household in a commune of the user's scope; the code is generated when omitted."""
    require_role(by, *REGISTRARS)
    _require_commune(area)
    ensure_in_scope(by, area)
    code = nfc(code)
    if code and Household.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Mã hộ “%(code)s” đã tồn tại.") % {"code": code}})
    while not code or Household.objects.filter(code=code).exists():  # skip numbers taken by hand-typed codes
        code = _next_household_code(area)
    household = Household(code=code, area=area, address=nfc(address), created_by=by)
    household.full_clean()
    with acting_as(by):
        household.save()
    return household


@transaction.atomic
def household_update(*, by: User, household: Household, address: str | None = None,
                     head: Person | None = None) -> Household:
    require_role(by, *REGISTRARS)
    ensure_in_scope(by, household.area)
    if address is not None:
        household.address = nfc(address)
    if head is not None:
        if head.household_id != household.id:
            raise ValidationError({"head": _("Chủ hộ phải là thành viên của hộ.")})
        household.head = head
    household.full_clean()
    with acting_as(by):
        household.save()
        if head is not None:
            Person.objects.filter(pk=head.pk).update(relation_to_head=Relation.HEAD)
    return household


def possible_duplicates(*, full_name: str, date_of_birth: datetime.date, area: Area, exclude_id=None):
    """Return persons in the same province with the same accent-insensitive name and date of birth."""
    province_path = area.province_path
    matches = (
        Person.objects.alias(key=search_key("full_name"))
        .filter(key=search_key(_text(full_name)), date_of_birth=date_of_birth, area__path__startswith=province_path)
        .select_related("area")
    )
    return matches.exclude(pk=exclude_id) if exclude_id else matches


def _text(value: str) -> Value:
    return Value(nfc(value), output_field=TextField())


@dataclass(frozen=True)
class PersonChecks:
    """What the rules look up in the database, fetched once for many persons (an import)."""

    province_codes: frozenset[str]  # valid digits 1–3 of an ID number
    taken_ids: frozenset[str]  # ID numbers already registered
    today: datetime.date

    @classmethod
    def for_ids(cls, national_ids) -> "PersonChecks":
        with connection.cursor() as cursor:
            cursor.execute("SELECT national_id FROM beneficiaries_person WHERE national_id = ANY(%s)",
                           [list(national_ids)])
            taken = frozenset(r[0] for r in cursor.fetchall())
        return cls(province_codes=frozenset(IdIssuingProvince.objects.values_list("code", flat=True)),
                   taken_ids=taken, today=timezone.localdate())


# Fields an import has already converted and checked against the model's choices,
# and the related records it has looked up once for the whole file.
CHECKED_BY_IMPORT = frozenset({"area", "household", "created_by", "date_of_birth", "birth_year_only", "sex",
                               "relation_to_head", "payment_channel", "date_of_death", "health_insurance_valid_to"})
ACCOUNT_FIELDS = (("bank_code", _lazy("mã ngân hàng/ví")), ("account_number", _lazy("số tài khoản")),
                  ("account_holder", _lazy("chủ tài khoản")))


def validate_person(person: Person, checks: PersonChecks | None = None) -> None:
    """Apply every rule on a person; raise one ValidationError with all field errors.

    ``checks`` carries the lookups for an import of many persons (new persons only).
    """
    errors: dict[str, list[str]] = {}
    today = checks.today if checks else timezone.localdate()
    if person.date_of_birth and person.date_of_birth > today:
        errors.setdefault("date_of_birth", []).append(_("Ngày sinh không được ở tương lai."))
    if person.date_of_death:
        if person.date_of_death > today:
            errors.setdefault("date_of_death", []).append(_("Ngày mất không được ở tương lai."))
        if person.date_of_birth and person.date_of_death < person.date_of_birth:
            errors.setdefault("date_of_death", []).append(_("Ngày mất phải sau ngày sinh."))
    if person.birth_year_only and person.date_of_birth:
        person.date_of_birth = person.date_of_birth.replace(month=1, day=1)
    if person.national_id:
        codes = checks.province_codes if checks else set(IdIssuingProvince.objects.values_list("code", flat=True))
        problems = national_id_errors(person.national_id, sex=person.sex, date_of_birth=person.date_of_birth,
                                      known_province_codes=codes)
        if problems:
            errors.setdefault("national_id", []).extend(problems)
        elif (person.national_id in checks.taken_ids if checks else
              Person.objects.filter(national_id=person.national_id).exclude(pk=person.pk).exists()):
            errors.setdefault("national_id", []).append(
                _("Số định danh %(id)s đã được đăng ký cho một người khác.") % {"id": person.national_id})
    for field, check in (("old_id_number", validate_old_id), ("phone", validate_phone),
                         ("social_insurance_number", validate_social_insurance_number)):
        try:
            check(getattr(person, field))
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.messages)
    if person.payment_channel in (PaymentChannel.BANK, PaymentChannel.EWALLET):
        for field, label in ACCOUNT_FIELDS:
            if not getattr(person, field):
                errors.setdefault(field, []).append(
                    _("Cần %(what)s khi nhận tiền qua tài khoản hoặc ví điện tử.") % {"what": label})
    if person.household_id and person.household.area_id != person.area_id:
        errors.setdefault("household", []).append(
            _("Thành viên của hộ phải cư trú tại xã/phường của hộ (%(area)s).") % {"area": person.household.area})
    if person.household_id and not person.relation_to_head:
        errors.setdefault("relation_to_head", []).append(_("Cần ghi quan hệ với chủ hộ."))
    if (person.household_id and person.relation_to_head == Relation.HEAD and person.household.head_id
            and person.household.head_id != person.pk):
        errors.setdefault("relation_to_head", []).append(
            _("Hộ này đã có chủ hộ (%(head)s).") % {"head": person.household.head})
    exclude = {"national_id"} if "national_id" in errors else set()
    if checks:
        exclude |= CHECKED_BY_IMPORT
    try:
        person.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(m for m in messages if m not in errors.get(field, []))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def person_register(*, by: User, area: Area, household: Household | None = None, confirm_duplicate: bool = False,
                    **fields) -> Person:
    """Register a person living in a commune of the user's scope.

    A person with the same accent-insensitive name and date of birth in the same
    province is a possible duplicate: refused unless ``confirm_duplicate``.
    An ID number already registered is refused outright.
    """
    require_role(by, *REGISTRARS)
    _require_commune(area)
    ensure_in_scope(by, area)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    person = Person(area=area, household=household, created_by=by, **{k: nfc(v) for k, v in fields.items()})
    validate_person(person)
    if not confirm_duplicate:
        _refuse_possible_duplicates(by, person)
    with acting_as(by):
        person.save()
        _sync_household_head(person)
    return person


def _sync_household_head(person: Person) -> None:
    household = person.household
    if household is not None and person.relation_to_head == Relation.HEAD and household.head_id != person.pk:
        household.head = person
        household.save(update_fields=["head", "updated_at"])


def _refuse_possible_duplicates(by: User, person: Person) -> None:
    matches = list(possible_duplicates(full_name=person.full_name, date_of_birth=person.date_of_birth,
                                       area=person.area, exclude_id=person.pk))
    if not matches:
        return
    # Only the commune is disclosed for a match outside the user's scope: enough to
    # check with that commune, without revealing the person's record.
    places = sorted({m.area.name for m in matches})
    raise ValidationError({"confirm_duplicate": [
        _("Đã có %(n)s người cùng họ tên và ngày sinh trong tỉnh (%(places)s). Kiểm tra lại; nếu đúng là người "
          "khác, đánh dấu xác nhận để đăng ký.") % {"n": len(matches), "places": ", ".join(places)}
    ]}, code="possible_duplicate")


_UNCHANGED = object()


@transaction.atomic
def person_update(*, by: User, person: Person, confirm_duplicate: bool = False, area: Area | None = None,
                  household=_UNCHANGED, account_change_reason: str = "", **fields) -> Person:
    """Change a person's details; the same rules as at registration apply. A change of the account they are paid
    to is not applied here: it waits for a second person (``services.accounts``)."""
    require_role(by, *REGISTRARS)
    ensure_in_scope(by, person.area)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    person = Person.objects.select_for_update().get(pk=person.pk)
    death_recorded = person.date_of_death is None and fields.get("date_of_death") is not None
    name_or_dob_changed = any(
        k in fields and nfc(fields[k]) != getattr(person, k) for k in ("full_name", "date_of_birth"))
    if area is not None and area != person.area:
        _require_commune(area)
        ensure_in_scope(by, area)
        person.area = area
    if household is not _UNCHANGED:
        person.household = household
    confirmed = account_of(person)
    for key, value in fields.items():
        setattr(person, key, nfc(value))
    validate_person(person)  # the new account too, as it would be once confirmed
    requested = account_of(person)
    for key, value in confirmed.items():  # the person keeps the confirmed account until a second person agrees
        setattr(person, key, value)
    if name_or_dob_changed and not confirm_duplicate:
        _refuse_possible_duplicates(by, person)
    with acting_as(by):
        person.save()
        _sync_household_head(person)
    if requested != confirmed:
        account_change_request(by=by, person=person, new=requested, reason=account_change_reason)
    if death_recorded:
        enrollments_end_for_death(by=by, person=person)
    return person


def can_register(user: User) -> bool:
    return user.has_role(*REGISTRARS)

