"""Realistic demo records for a few Bắc Ninh communes, in every workflow status.

Everything goes through the services, so the demo data obeys the same rules,
logs the same transitions and shows up in the audit history. Deterministic
(fixed seed); skipped when the demo households already exist.
"""

import datetime
import random
import unicodedata

from django.db import transaction

from accounts.models import User
from areas.models import Area
from beneficiaries.models import Household, MeritCategory, MeritProfile, ProtectionGroup, RelativeType
from beneficiaries.services import persons, profiles, reviews
from programs.authority import deciders_among

DEMO_PREFIX = "DEMO-"
COMMUNES = ["07210", "07616", "07246", "07264", "07282"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE = {"male": ["Văn", "Đức", "Hữu", "Quang", "Minh", "Xuân"], "female": ["Thị", "Thu", "Ngọc", "Thanh", "Mai"]}
GIVEN = {
    "male": ["Anh", "Bình", "Cường", "Dũng", "Hùng", "Khánh", "Long", "Nam", "Phúc", "Quân", "Sơn", "Thắng", "Tùng"],
    "female": ["Hoa", "Hương", "Lan", "Linh", "Mai", "Ngân", "Nhung", "Phương", "Thảo", "Trang", "Yến", "Hạnh"],
}
VILLAGES = ["Thôn Đông", "Thôn Đoài", "Thôn Trung", "Thôn Bắc", "Tổ dân phố 1", "Tổ dân phố 2", "Tổ dân phố 3"]
INDICATORS = ["VIEC_LAM", "NGUOI_PHU_THUOC", "DINH_DUONG", "BHYT", "GD_NGUOI_LON", "DI_HOC_TRE_EM", "CL_NHA_O",
              "DT_NHA_O", "NUOC_SH", "NHA_TIEU", "VIEN_THONG", "TIEP_CAN_TT"]
RETURN_REASONS = ["Thiếu giấy xác nhận khuyết tật", "Sai ngày sinh so với CCCD", "Thiếu biên bản họp xét duyệt"]


@transaction.atomic
def seed_registry(*, officers: dict[str, User], specialist: User, leader: User, staff: list[User]) -> int:
    """Create the demo registry; return the number of persons created (0 if it already exists)."""
    if Household.objects.filter(code__startswith=DEMO_PREFIX).exists():
        return 0
    rng = random.Random(2026)
    serial = iter(range(100_000, 999_999))
    created = 0
    groups = {g.code: g for g in ProtectionGroup.objects.all()}
    categories = {c.code: c for c in MeritCategory.objects.all()}
    relatives = {r.code: r for r in RelativeType.objects.all()}
    for code in COMMUNES:
        area = Area.objects.get(code=code)
        registrar = officers.get(code, specialist)
        deciders = [u for u in staff if u != registrar]
        for h in range(1, 19):
            household = persons.household_create(by=registrar, area=area, address=rng.choice(VILLAGES),
                                                 code=f"{DEMO_PREFIX}{code}-{h:03d}")
            members = _household_members(rng)
            people = []
            for relation, sex, born in members:
                name = _name(rng, sex, people[0].full_name.split()[0] if people else None)
                person = persons.person_register(
                    by=registrar, area=area, household=household, relation_to_head=relation, sex=sex,
                    full_name=name,
                    date_of_birth=born, birth_year_only=born.year < 1945,
                    national_id=_id(rng, sex, born, next(serial)) if rng.random() < 0.9 else "",
                    payment_channel=rng.choice(["bank", "bank", "ewallet", "cash"]), bank_code="VBA",
                    account_number=str(rng.randint(10**11, 10**12 - 1)), account_holder=_holder(name),
                    phone=f"09{rng.randint(10**7, 10**8 - 1)}", confirm_duplicate=True,
                    health_insurance_number=f"HT2{rng.randint(10**11, 10**12 - 1)}",
                    health_insurance_valid_to=datetime.date(2026, 12, 31) if rng.random() < 0.8 else None,
                )
                people.append(person)
                created += 1
            for year in (2024, 2025):
                income = rng.choice([900_000, 1_300_000, 1_500_000, 1_900_000, 2_400_000, 3_500_000, 5_000_000])
                reviews.poverty_review_save(by=registrar, household=household, year=year, income_per_capita=income,
                                            deprivations=rng.sample(INDICATORS, rng.choice([0, 1, 2, 3, 4, 5])))
            _profiles(rng, people, registrar, deciders, groups, categories, relatives)
    return created


def _household_members(rng):
    head_sex = rng.choice(["male", "female"])
    head_born = datetime.date(rng.randint(1932, 1985), rng.randint(1, 12), rng.randint(1, 28))
    members = [("head", head_sex, head_born)]
    if rng.random() < 0.7:
        members.append(("spouse", "female" if head_sex == "male" else "male",
                        head_born.replace(year=min(head_born.year + rng.randint(-3, 5), 1990))))
    for _ in range(rng.choice([0, 1, 1, 2])):
        year = min(head_born.year + rng.randint(20, 35), 2023)
        members.append(("child", rng.choice(["male", "female"]), datetime.date(year, rng.randint(1, 12), 15)))
    return members


def _name(rng, sex, surname=None):
    return f"{surname or rng.choice(SURNAMES)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


def _holder(name):
    """Bank-style account holder: upper case, no diacritics."""
    plain = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in plain if not unicodedata.combining(c)).upper()


def _id(rng, sex, born, number):
    digit = 2 * ((born.year - 1900) // 100) + (1 if sex == "female" else 0)
    return f"{rng.choice(['024', '027'])}{digit}{born.year % 100:02d}{number:06d}"


def _profiles(rng, people, registrar, deciders, groups, categories, relatives):
    today = datetime.date(2026, 11, 1)
    for person in people:
        age = person.age_on(today)
        roll = rng.random()
        if age >= 80 and roll < 0.7:
            profile = profiles.protection_profile_create(by=registrar, person=person, group=groups["NCT_80"],
                                                         wants_facility_care=rng.random() < 0.25,
                                                         living_arrangement=rng.choice(["with_family", "alone"]))
        elif 18 <= age < 60 and roll < 0.08:
            profile = profiles.protection_profile_create(
                by=registrar, person=person, group=groups[rng.choice(["NKT_NANG", "NKT_DBN"])],
                wants_facility_care=rng.random() < 0.3)
        elif age >= 65 and roll < 0.25:
            # war invalids are paid once an administrator uploads the decree's rate table; TU_DAY has a seeded amount
            code = rng.choice(["THUONG_BINH", "TU_DAY", "TU_DAY"])
            profile = profiles.merit_profile_create(
                by=registrar, person=person, category=categories[code],
                injury_rate=rng.choice([21, 41, 61, 81]) if code == "THUONG_BINH" else None,
                recognition_decision_no=f"{rng.randint(100, 999)}/QĐ-BQP")
        elif age >= 60 and roll < 0.32:
            profile = profiles.merit_profile_create(by=registrar, person=person, category=categories["HDKC"])
        else:
            continue
        _walk(rng, profile, registrar, deciders)


def _walk(rng, profile, registrar, deciders):
    """Move a draft profile to a random status, the way real users would."""
    target = rng.choices(["draft", "submitted", "returned", "approved", "rejected", "suspended", "ended"],
                         weights=[2, 3, 2, 10, 1, 1, 1])[0]
    if target == "draft":
        return
    subject = "merit_profile" if isinstance(profile, MeritProfile) else "protection_profile"
    decider = rng.choice(deciders_among(deciders, subject=subject, area=profile.person.area))
    profiles.profile_submit(by=registrar, profile=profile)
    if target == "submitted":
        return
    if target == "returned":
        profiles.profile_return(by=decider, profile=profile, reason=rng.choice(RETURN_REASONS))
        return
    if target == "rejected":
        profiles.profile_reject(by=decider, profile=profile, reason="Không đủ điều kiện theo quy định")
        return
    profiles.profile_approve(by=decider, profile=profile, decision_no=f"{rng.randint(1, 999)}/QĐ-UBND",
                             decision_date=datetime.date(2026, rng.randint(1, 10), rng.randint(1, 28)))
    if target == "suspended":
        profiles.profile_suspend(by=decider, profile=profile, reason="Vắng mặt tại địa phương")
    elif target == "ended":
        profiles.profile_end(by=decider, profile=profile, reason="Chuyển đi nơi khác")

