import datetime

import pytest

from tests.factories import make_household, make_person, national_id_for


@pytest.fixture
def household_a(tree, officer_a):
    return make_household(tree["bac_giang"], by=officer_a)


@pytest.fixture
def person_a(tree, household_a, officer_a):
    return make_person(tree["bac_giang"], full_name="Nguyễn Văn Ánh", household=household_a, by=officer_a,
                       national_id=national_id_for("male", datetime.date(1950, 5, 1)))


@pytest.fixture
def person_b(tree, officer_b):
    return make_person(tree["tay_yen_tu"], full_name="Trần Thị Bình", sex="female", by=officer_b,
                       date_of_birth=datetime.date(1940, 1, 1))
