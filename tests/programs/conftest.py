import datetime

import pytest

from tests.factories import make_household, make_person, make_protection_profile


@pytest.fixture
def elderly(tree, officer_a):
    """An 86-year-old in Phường Bắc Giang with an approved NCT_80 profile."""
    person = make_person(tree["bac_giang"], full_name="Lê Thị Tâm", sex="female",
                         date_of_birth=datetime.date(1940, 2, 2), household=make_household(tree["bac_giang"]))
    make_protection_profile(person, group="NCT_80", status="approved")
    return person
