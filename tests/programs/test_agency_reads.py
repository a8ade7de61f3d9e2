"""A viewer bound to a department reads that department's cases only; a viewer without one reads all."""

import datetime

from accounts.models import Role
from tests.factories import (
    make_enrollment,
    make_merit_profile,
    make_person,
    make_protection_profile,
    make_user,
)

D = datetime.date


def test_lists_follow_the_viewer_s_department(api_client_for, tree):
    elderly = make_person(tree["bac_giang"], full_name="Bà Cụ", date_of_birth=D(1940, 1, 1))
    make_protection_profile(elderly, group="NCT_80", status="approved")
    make_enrollment(elderly, "TCXH_HANG_THANG", start=D(2025, 7, 1))
    veteran = make_person(tree["bac_giang"], full_name="Ông Cựu Binh", date_of_birth=D(1950, 1, 1))
    make_merit_profile(veteran, status="approved")
    make_enrollment(veteran, "UU_DAI_HANG_THANG", start=D(2025, 7, 1))
    viewers = {agency or "all": make_user(Role.VIEWER, tree["bac_ninh"], username=f"tk.{agency}", agency=agency)
               for agency in ("", "y_te", "noi_vu", "nn_mt")}

    def count(user, path):
        return api_client_for(user).get(path).json()["count"]

    assert count(viewers["all"], "/api/v1/enrollments/") == 2
    assert count(viewers["y_te"], "/api/v1/enrollments/") == 1
    assert count(viewers["noi_vu"], "/api/v1/enrollments/") == 1
    assert count(viewers["nn_mt"], "/api/v1/enrollments/") == 0
    y_te = api_client_for(viewers["y_te"]).get("/api/v1/enrollments/").json()["results"][0]
    assert y_te["program"] == "TCXH_HANG_THANG"
    assert (count(viewers["y_te"], "/api/v1/merit-profiles/"),
            count(viewers["y_te"], "/api/v1/protection-profiles/")) == (0, 1)
    assert (count(viewers["noi_vu"], "/api/v1/merit-profiles/"),
            count(viewers["noi_vu"], "/api/v1/protection-profiles/")) == (1, 0)
    assert count(viewers["all"], "/api/v1/persons/") == count(viewers["nn_mt"], "/api/v1/persons/") == 2  # shared
