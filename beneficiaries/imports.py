"""Import files of the registry: households with their members, profiles and poverty reviews.

Households + persons is the migration path of a whole province (100,000 rows and
more): it is validated set-based, with every lookup done once for the file, by
``validate_person``, the rule set the forms and the API use, and written with
bulk inserts. Profiles and reviews go through their services row by row.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.masking import mask_record
from accounts.models import REGISTRARS
from accounts.scoping import areas_in_scope, in_scope, scope_path
from areas.models import Area, Level
from beneficiaries import selectors
from beneficiaries.models import (
    Classification,
    DeprivationIndicator,
    Household,
    LivingArrangement,
    MeritCategory,
    MeritFlag,
    PaymentChannel,
    Person,
    ProtectionGroup,
    Relation,
    RelativeType,
    Sex,
    WarInvalidType,
)
from beneficiaries.services.persons import PersonChecks, commune_problem, nfc, validate_person
from beneficiaries.services.profiles import merit_profile_create, profile_submit, protection_profile_create
from beneficiaries.services.reviews import poverty_review_save
from common.bulk import allocate_ids, build, copy_insert
from common.importing import Column, ImportFileError, ImportSpec, Row, ServiceImport, count, fold

CHUNK = 5_000


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def commune_list(by) -> list[str]:
    return [f"{a.code} {a.name}" for a in areas_in_scope(by).filter(level=Level.COMMUNE).order_by("code")]


def _reference(model) -> list[str]:
    return [f"{code} {name}" for code, name in model.objects.values_list("code", "name")]


def _by_code(model, values: dict, key: str):
    """The reference record whose code the cell ``key`` holds; a field error on that cell if there is none."""
    found = model.objects.filter(code=values[key]).first()
    if found is None:
        raise ValidationError({key: _("Không có mã “%(c)s” trong danh mục %(list)s.")
                               % {"c": values[key], "list": model._meta.verbose_name}})
    return found


# ------------------------------------------------------------------------------
# Households and their members: one row per person
# ------------------------------------------------------------------------------
PERSON_COLUMNS = (
    Column("household", _lazy("Mã hộ"), required=True, width=16,
           help=_lazy("Mã hộ đã có trong hệ thống thì người này vào hộ đó; mã mới thì tạo hộ mới với mã này. "
                      "Các thành viên cùng hộ ghi cùng mã.")),
    Column("address", _lazy("Địa chỉ hộ"), width=30,
           help=_lazy("Thôn/tổ, số nhà; bắt buộc với hộ mới (ghi ở ít nhất một dòng của hộ).")),
    Column("commune", _lazy("Mã xã/phường"), required=True, kind="code", list_name="communes", width=28, digits=5,
           help=_lazy("Mã đơn vị hành chính cấp xã nơi cư trú (chọn trong danh sách).")),
    Column("full_name", _lazy("Họ và tên"), required=True, width=26),
    Column("date_of_birth", _lazy("Ngày sinh"), required=True, kind="birth_date", width=13,
           help=_lazy("dd/mm/yyyy; nếu chỉ biết năm sinh thì ghi năm (yyyy).")),
    Column("sex", _lazy("Giới tính"), required=True, kind="choice", choices=tuple(Sex.choices), width=10),
    Column("relation_to_head", _lazy("Quan hệ với chủ hộ"), required=True, kind="choice",
           choices=tuple(Relation.choices), width=16, help=_lazy("Mỗi hộ mới có đúng một dòng “Chủ hộ”.")),
    Column("national_id", _lazy("Số định danh cá nhân (CCCD)"), width=16, digits=12, help=_lazy("12 chữ số.")),
    Column("old_id_number", _lazy("Số CMND cũ"), width=12, digits=9, help=_lazy("9 chữ số.")),
    Column("social_insurance_number", _lazy("Mã số BHXH"), width=12, digits=10, help=_lazy("10 chữ số.")),
    Column("ethnicity", _lazy("Dân tộc"), width=10, help=_lazy("Để trống: Kinh.")),
    Column("phone", _lazy("Điện thoại"), width=12, digits=10),
    Column("payment_channel", _lazy("Hình thức nhận tiền"), kind="choice", choices=tuple(PaymentChannel.choices),
           width=24, help=_lazy("Để trống: tiền mặt.")),
    Column("bank_code", _lazy("Mã ngân hàng/ví"), width=12),
    Column("account_number", _lazy("Số tài khoản/ví"), width=16),
    Column("account_holder", _lazy("Chủ tài khoản"), width=22),
    Column("health_insurance_number", _lazy("Số thẻ BHYT"), width=16),
    Column("health_insurance_valid_to", _lazy("Thẻ BHYT hạn đến"), kind="date", width=13),
    Column("date_of_death", _lazy("Ngày mất"), kind="date", width=12),
    Column("not_duplicate", _lazy("Xác nhận không trùng"), kind="bool", width=12,
           help=_lazy("Ghi “x” nếu đã kiểm tra: người trùng họ tên và ngày sinh đã có là người khác.")),
)
HOUSEHOLD_FIELDS = ["code", "area", "address", "created_by"]
PERSON_TEXT_FIELDS = ("full_name", "national_id", "old_id_number", "social_insurance_number", "phone", "bank_code",
                      "account_number", "account_holder", "health_insurance_number")


IMPORTED_PERSON_FIELDS = ["area", "household", "created_by", "date_of_birth", "birth_year_only", "sex",
                          "relation_to_head", "ethnicity", "payment_channel", "health_insurance_valid_to",
                          "date_of_death", *PERSON_TEXT_FIELDS]


class HouseholdPersonImport(ImportSpec):
    kind = "households"
    title = _lazy("Hộ gia đình và thành viên")
    columns = PERSON_COLUMNS
    roles = REGISTRARS
    scope_column = "commune"
    counts = {"persons": _lazy("Người"), "households_new": _lazy("Hộ mới"),
              "households_existing": _lazy("Hộ đã có, thêm thành viên")}
    field_columns = {"area": "commune", "birth_year_only": "date_of_birth"}
    notes = (_lazy("Mỗi dòng là một người. Người cùng hộ ghi cùng mã hộ; hộ mới cần đúng một chủ hộ."),
             _lazy("Trùng số định danh, hoặc trùng họ tên (không dấu) và ngày sinh với người đã có hay với dòng "
                   "khác trong tệp, đều được báo lỗi."))

    def lists(self, by):
        return {"communes": commune_list(by)}

    def check(self, rows, *, by, errors, report=None):
        return self._run(rows, by=by, errors=errors, write=False, report=report)

    def import_rows(self, rows, *, by, errors, submit, report=None):
        counts = self._run(rows, by=by, errors=errors, write=True, report=report)
        if errors:
            raise ImportFileError(errors)
        return counts

    def _run(self, rows: list[Row], *, by, errors, write: bool, report=None) -> dict:
        """Validate every row; with ``write``, stream the valid persons into PostgreSQL meanwhile.

        The database indexes and audits the persons (a COPY) while Python validates the next
        rows: on two cores the import takes about the time of the slower of the two. Ids are
        taken from the sequences first, so households (written last, when their heads are known)
        and persons refer to each other; the foreign keys are checked at commit. Any error
        rolls the whole transaction back.
        """
        values = [r.values for r in rows]
        communes = {a.code: a for a in Area.objects.filter(code__in={v["commune"] for v in values if v["commune"]})}
        codes = sorted({v["household"] for v in values if v["household"]})
        existing = {}
        for part in _chunks(codes):
            existing.update((h.code, h) for h in
                            Household.objects.filter(code__in=part).select_related("area", "head"))
        checks = PersonChecks.for_ids({v["national_id"] for v in values if v["national_id"]})
        in_db = self._same_name_and_birth_in_db(rows)
        scope_path(by)  # loads the user's area now: no query may run while the COPY is open
        members: dict[str, list[tuple[Row, Person]]] = defaultdict(list)
        persons = self._persons(rows, by=by, errors=errors, communes=communes, existing=existing, checks=checks,
                                in_db=in_db, members=members)
        if write:
            new_codes = [c for c in codes if c not in existing]
            household_ids = dict(zip(new_codes, allocate_ids(Household, len(new_codes)), strict=True))
            person_ids = iter(allocate_ids(Person, len(rows)))

            def numbered():
                for number, (code, person) in enumerate(persons, start=1):
                    if report is not None and number % 5000 == 0:  # the lease writes it, on its connection
                        report(number)
                    person.id = next(person_ids)
                    person.household_id = household_ids.get(code) or existing[code].pk
                    yield person

            copy_insert(Person, numbered(), ["id", *IMPORTED_PERSON_FIELDS])
        else:
            for number, _person in enumerate(persons, start=1):
                if report is not None and number % 5000 == 0:  # no COPY open here: the job row may be updated
                    report(number)
        new_households = self._check_households(members, existing, errors)
        if write and not errors:
            self._write_households(new_households, household_ids, members, existing, by)
        return {"persons": sum(len(m) for m in members.values()), "households_new": len(new_households),
                "households_existing": len(members) - len(new_households)}

    def _persons(self, rows, *, by, errors, communes, existing, checks, in_db, members):
        """Yield (household code, person) for each valid row; report the others' errors."""
        first_with_id: dict[str, int] = {}
        first_with_key: dict[tuple, int] = {}
        allowed = {code: in_scope(by, area) for code, area in communes.items()}
        unreadable: dict[int, set[str]] = defaultdict(set)  # the cells parse() could not read, by row
        for error in errors:
            unreadable[error.row].add(error.column)
        for row in rows:
            v = row.values
            before = len(errors)
            area = communes.get(v["commune"])
            if v["commune"] and area is None:
                self.error(errors, row, "commune", _("Không có đơn vị mã “%(c)s”.") % {"c": v["commune"]})
            elif area is not None and (problem := commune_problem(area)):
                self.error(errors, row, "commune", problem)
                area = None
            elif area is not None and not allowed[area.code]:
                self.error(errors, row, "commune", _("“%(a)s” nằm ngoài địa bàn được giao cho bạn.") % {"a": area.name})
                area = None
            household = existing.get(v["household"])
            if household is not None and not in_scope(by, household.area):
                self.error(errors, row, "household", _("Hộ “%(c)s” thuộc địa bàn khác.") % {"c": household.code})
                household = area = None
            # A row missing its commune, household, birth date or sex (already reported) is still checked
            # cell by cell, so that one upload shows every error of the file.
            incomplete = area is None or not v["household"] or v["date_of_birth"] is None or not v["sex"]
            born, year_only = v["date_of_birth"] or (None, False)
            fields = {f: v[f] or "" for f in PERSON_TEXT_FIELDS}  # parse() gave NFC, stripped text
            fields.update(area_id=area.pk if area else None, created_by_id=by.pk, date_of_birth=born,
                          birth_year_only=year_only, sex=v["sex"] or "", relation_to_head=v["relation_to_head"] or "",
                          ethnicity=v["ethnicity"] or "Kinh",
                          payment_channel=v["payment_channel"] or PaymentChannel.CASH,
                          health_insurance_valid_to=v["health_insurance_valid_to"], date_of_death=v["date_of_death"],
                          has_pension=False, account_verification="unverified")
            person = build(Person, fields)
            if household is not None and area is not None:
                person.household = household
            try:
                validate_person(person, checks)
            except ValidationError as exc:  # every field's problems at once
                reported = unreadable[row.number] | {e.column for e in errors[before:]}
                self.errors_from(errors, row, exc, skip_columns=reported)
            if incomplete:
                if person.national_id:
                    first_with_id.setdefault(person.national_id, row.number)
                continue
            if person.national_id:
                if person.national_id in first_with_id:
                    self.error(errors, row, "national_id", _("Trùng số định danh với dòng %(n)s.")
                               % {"n": first_with_id[person.national_id]})
                else:
                    first_with_id[person.national_id] = row.number
            if not v["not_duplicate"]:
                key = (fold(person.full_name), person.date_of_birth)
                if key in first_with_key:
                    self.error(errors, row, "full_name", _("Trùng họ tên và ngày sinh với dòng %(n)s; nếu là hai "
                                                           "người khác nhau, ghi “x” ở cột Xác nhận không trùng.")
                               % {"n": first_with_key[key]})
                else:
                    first_with_key[key] = row.number
                province = area.path.split("/")[1]
                places = sorted({name for name, path in in_db.get(row.number, ()) if path.split("/")[1] == province})
                if places:
                    self.error(errors, row, "full_name", _(
                        "Đã có %(n)s người cùng họ tên và ngày sinh trong tỉnh (%(places)s); nếu là người khác, "
                        "ghi “x” ở cột Xác nhận không trùng.") % {"n": len(places), "places": ", ".join(places)})
            members[v["household"]].append((row, person))
            if len(errors) == before:
                yield v["household"], person

    def _write_households(self, new_households, household_ids, members, existing, by) -> None:
        for code, household in new_households.items():
            household.id = household_ids[code]
            household.created_by_id = by.pk
            household.head_id = next(p.id for _r, p in members[code] if p.relation_to_head == Relation.HEAD)
        copy_insert(Household, new_households.values(), ["id", *HOUSEHOLD_FIELDS, "head"])
        headless = [(existing[code].pk, p.id) for code, group in members.items()
                    if code in existing and not existing[code].head_id
                    for _r, p in group if p.relation_to_head == Relation.HEAD]
        if headless:  # an existing household without a head gets the one the file names
            with connection.cursor() as cursor:
                cursor.execute("""
                    UPDATE beneficiaries_household h SET head_id = v.person_id, updated_at = now()
                    FROM unnest(%s::bigint[], %s::bigint[]) AS v(household_id, person_id)
                    WHERE h.id = v.household_id AND h.head_id IS NULL
                """, [[h for h, _p in headless], [p for _h, p in headless]])

    def _check_households(self, members, existing, errors) -> dict[str, Household]:
        new = {}
        for code, group in members.items():
            heads = [row for row, person in group if person.relation_to_head == Relation.HEAD]
            household = existing.get(code)
            first_row = group[0][0]
            if household is not None:  # a head already there is refused by validate_person
                for row in heads[1:] if not household.head_id else ():
                    self.error(errors, row, "relation_to_head", _("Hộ “%(c)s” chỉ có một chủ hộ.") % {"c": code})
                continue
            if len(heads) != 1:
                for row in heads[1:] or [first_row]:
                    self.error(errors, row, "relation_to_head", _("Hộ mới “%(c)s” cần đúng một chủ hộ (đang có "
                                                                  "%(n)s).") % {"c": code, "n": len(heads)})
            areas = {person.area_id for _row, person in group}
            if len(areas) > 1:
                for row, _person in group[1:]:
                    self.error(errors, row, "commune", _("Các thành viên của hộ “%(c)s” phải cùng một xã/phường.")
                               % {"c": code})
            address = next((nfc(row.values["address"]) for row, _p in group if row.values["address"]), "")
            if not address:
                self.error(errors, first_row, "address", _("Hộ mới “%(c)s” cần địa chỉ.") % {"c": code})
            elif len(code) > 20:
                self.error(errors, first_row, "household", _("Mã hộ tối đa 20 ký tự."))
            new[code] = build(Household, {"code": code, "area_id": group[0][1].area_id, "address": address[:300]})
        return new

    def _same_name_and_birth_in_db(self, rows) -> dict[int, list[tuple[str, str]]]:
        """Persons already registered with a row's accent-insensitive name and birth date: one query."""
        wanted = [(r.number, r.values["full_name"], r.values["date_of_birth"][0]) for r in rows
                  if r.values["full_name"] and r.values["date_of_birth"] and not r.values["not_duplicate"]]
        if not wanted:
            return {}
        with transaction.atomic(), connection.cursor() as cursor:
            # The file's names go to a temporary table by COPY (arrays of 100,000 strings are slow to send).
            cursor.execute("CREATE TEMPORARY TABLE import_names (n int, name text, born date)")
            with cursor.cursor.copy("COPY import_names (n, name, born) FROM STDIN") as copy:
                for row in wanted:
                    copy.write_row(row)
            cursor.execute("ANALYZE import_names")
            cursor.execute("""
                SELECT f.n, a.name, a.path
                FROM import_names f
                JOIN beneficiaries_person p
                  ON immutable_unaccent(lower(p.full_name)) = immutable_unaccent(lower(f.name))
                 AND p.date_of_birth = f.born
                JOIN areas_area a ON a.id = p.area_id
            """)
            found = defaultdict(list)
            for number, name, path in cursor.fetchall():
                found[number].append((name, path))
            cursor.execute("DROP TABLE import_names")
        return found

    def after_import(self, rows):
        if rows >= 10_000:  # keep the planner's estimates right after a large load
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE beneficiaries_household")
                cursor.execute("ANALYZE beneficiaries_person")


def person_records(queryset, user):
    """Persons as rows of the households + persons template (an export that imports back), masked for ``user``."""
    for p in queryset.select_related("area", "household").iterator(chunk_size=2000):
        household = p.household
        yield mask_record(user, {
            "household": household.code if household else "", "address": household.address if household else "",
            "commune": p.area.code, "date_of_birth": p.date_of_birth.year if p.birth_year_only else p.date_of_birth,
            "not_duplicate": False, **{c.key: getattr(p, c.key) for c in PERSON_COLUMNS
                                       if c.key not in ("household", "address", "commune", "date_of_birth",
                                                        "not_duplicate")},
        })


# ------------------------------------------------------------------------------
# Profiles and reviews: saved row by row through their services
# ------------------------------------------------------------------------------
PERSON_KEY = (
    Column("national_id", _lazy("Số định danh cá nhân (CCCD)"), width=16, digits=12,
           help=_lazy("Người đã đăng ký trong hệ thống; hoặc ghi mã cá nhân ở cột sau.")),
    Column("person", _lazy("Mã cá nhân"), kind="int", width=10,
           help=_lazy("Số hiệu của người trong hệ thống (trang cá nhân), khi người đó chưa có CCCD.")),
)


class _ProfileImport(ServiceImport):
    roles = REGISTRARS
    can_submit = True
    counts = {"profiles": _lazy("Hồ sơ"), "submitted": _lazy("Đã gửi Sở")}
    scope_column = "national_id"

    def find_person(self, row: Row, by, key: str = "national_id"):
        number, pk = row.values.get(key), row.values.get("person") if key == "national_id" else None
        people = selectors.person_list(user=by)
        person = (people.filter(national_id=number).first() if number else
                  people.filter(pk=pk).first() if pk else None)
        if person is None:
            if not number and not pk:
                raise ValidationError({key: _("Ghi số định danh hoặc mã cá nhân.")})
            raise ValidationError({key: _("Không tìm thấy người “%(n)s” trong địa bàn của bạn.")
                                   % {"n": number or pk}})
        return person

    def finish(self, profile, *, by, submit, state):
        count(state, "profiles")
        if submit:
            profile_submit(by=by, profile=profile)
            count(state, "submitted")


class MeritProfileImport(_ProfileImport):
    kind = "merit_profiles"
    title = _lazy("Hồ sơ người có công")
    columns = (
        *PERSON_KEY,
        Column("category", _lazy("Diện người có công"), required=True, kind="code", list_name="categories", width=40),
        Column("injury_rate", _lazy("Tỷ lệ tổn thương (%)"), kind="int", width=10,
               help=_lazy("Chỉ với thương binh, bệnh binh… theo khoảng của diện.")),
        Column("recognition_decision_no", _lazy("Số quyết định công nhận"), width=16),
        Column("recognition_decision_date", _lazy("Ngày quyết định công nhận"), kind="date", width=13),
        Column("merit_national_id", _lazy("CCCD của người có công (nếu là thân nhân)"), width=18, digits=12),
        Column("relationship", _lazy("Quan hệ thân nhân"), kind="code", list_name="relationships", width=24),
        Column("war_invalid_type", _lazy("Loại thương binh"), kind="choice", choices=tuple(WarInvalidType.choices),
               width=22, help=_lazy("Để trống: thương binh (Phụ lục II); loại B theo Phụ lục III.")),
        Column("flags", _lazy("Đặc điểm"), kind="codes", list_name="flags", width=30,
               help=_lazy("Các mã đặc điểm chọn mức hưởng, cách nhau bởi dấu phẩy (xem trang Danh mục).")),
        Column("seniority_years", _lazy("Số năm thâm niên"), kind="int", width=10,
               help=_lazy("Người hoạt động cách mạng trước 1945, diện thoát ly.")),
    )
    field_columns = {"person": "national_id", "merit_person": "merit_national_id"}

    def lists(self, by):
        return {"categories": _reference(MeritCategory), "relationships": _reference(RelativeType),
                "flags": [f"{code} {label}" for code, label in MeritFlag.choices]}

    def save_row(self, row, *, by, submit, state):
        v = row.values
        person = self.find_person(row, by)
        category = _by_code(MeritCategory, v, "category")
        merit_person = self.find_person(row, by, key="merit_national_id") if v["merit_national_id"] else None
        relationship = _by_code(RelativeType, v, "relationship") if v["relationship"] else None
        profile = merit_profile_create(by=by, person=person, category=category, injury_rate=v["injury_rate"],
                                       recognition_decision_no=v["recognition_decision_no"] or "",
                                       recognition_decision_date=v["recognition_decision_date"],
                                       merit_person=merit_person, relationship=relationship,
                                       war_invalid_type=v["war_invalid_type"] or WarInvalidType.A,
                                       flags=v["flags"] or [], seniority_years=v["seniority_years"])
        self.finish(profile, by=by, submit=submit, state=state)


class ProtectionProfileImport(_ProfileImport):
    kind = "protection_profiles"
    title = _lazy("Hồ sơ bảo trợ xã hội")
    columns = (
        *PERSON_KEY,
        Column("group", _lazy("Nhóm đối tượng"), required=True, kind="code", list_name="groups", width=44),
        Column("children_count", _lazy("Số con đang nuôi"), kind="int", width=10,
               help=_lazy("Chỉ với người đơn thân nghèo đang nuôi con.")),
        Column("wants_facility_care", _lazy("Nguyện vọng vào cơ sở trợ giúp xã hội"), kind="bool", width=14),
        Column("living_arrangement", _lazy("Hoàn cảnh sống"), kind="choice", choices=tuple(LivingArrangement.choices),
               width=26, help=_lazy("Để trống: sống cùng gia đình.")),
        Column("studying_until", _lazy("Đang đi học đến ngày"), kind="date", width=13,
               help=_lazy("Bắt buộc với nhóm 16–22 tuổi đang đi học.")),
    )
    field_columns = {"person": "national_id"}

    def lists(self, by):
        return {"groups": _reference(ProtectionGroup)}

    def save_row(self, row, *, by, submit, state):
        v = row.values
        person = self.find_person(row, by)
        group = _by_code(ProtectionGroup, v, "group")
        profile = protection_profile_create(by=by, person=person, group=group, children_count=v["children_count"],
                                            wants_facility_care=bool(v["wants_facility_care"]),
                                            living_arrangement=v["living_arrangement"] or LivingArrangement.WITH_FAMILY,
                                            studying_until=v["studying_until"])
        self.finish(profile, by=by, submit=submit, state=state)


class PovertyReviewImport(ServiceImport):
    kind = "poverty_reviews"
    title = _lazy("Kết quả rà soát hộ nghèo, cận nghèo")
    roles = REGISTRARS
    counts = {"reviews": _lazy("Kết quả rà soát"), **dict(Classification.choices)}
    scope_column = "household"
    columns = (
        Column("household", _lazy("Mã hộ"), required=True, width=16),
        Column("year", _lazy("Năm rà soát"), required=True, kind="int", width=10),
        Column("income_per_capita", _lazy("Thu nhập bình quân (đồng/người/tháng)"), required=True, kind="int",
               width=18),
        Column("deprivations", _lazy("Chỉ số thiếu hụt"), kind="codes", list_name="deprivations", width=30,
               help=_lazy("Các mã chỉ số thiếu hụt, cách nhau bởi dấu phẩy (xem trang Danh mục).")),
    )
    notes = (_lazy("Kết quả (nghèo, cận nghèo…) do hệ thống tính theo chuẩn nghèo của năm rà soát."),)

    def lists(self, by):
        return {"deprivations": _reference(DeprivationIndicator)}

    def save_row(self, row, *, by, submit, state):
        v = row.values
        household = selectors.household_list(user=by).filter(code=v["household"]).select_related("area").first()
        if household is None:
            raise ValidationError({"household": _("Không tìm thấy hộ “%(c)s” trong địa bàn của bạn.")
                                   % {"c": v["household"]}})
        review = poverty_review_save(by=by, household=household, year=v["year"],
                                     income_per_capita=v["income_per_capita"], deprivations=v["deprivations"] or [])
        count(state, "reviews")
        count(state, review.classification)
