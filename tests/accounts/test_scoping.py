import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Role, User
from accounts.scoping import areas_in_scope, ensure_in_scope, in_scope, require_role, scope_queryset
from tests.factories import make_user


def test_officer_reads_only_their_commune(officer_a, officer_b, tree):
    assert set(areas_in_scope(officer_a)) == {tree["bac_giang"]}
    # records are scoped through their area: officer A does not see officer B's commune staff
    assert list(scope_queryset(officer_a, User.objects.all())) == [officer_a]
    assert in_scope(officer_a, tree["tay_yen_tu"]) is False


def test_officer_is_refused_another_commune(officer_a, tree):
    with pytest.raises(PermissionDenied, match="ngoài phạm vi"):
        ensure_in_scope(officer_a, tree["tay_yen_tu"])
    ensure_in_scope(officer_a, tree["bac_giang"])  # own commune: no error


def test_so_user_reads_the_whole_province_and_nothing_else(specialist, officer_a, officer_b, tree):
    assert set(areas_in_scope(specialist)) == {tree["bac_ninh"], tree["bac_giang"], tree["tay_yen_tu"]}
    assert set(scope_queryset(specialist, User.objects.all())) == {specialist, officer_a, officer_b}
    assert in_scope(specialist, tree["ba_dinh"]) is False


def test_admin_without_area_sees_the_country(tree):
    admin = make_user(Role.ADMIN, None)
    assert areas_in_scope(admin).count() == 5


def test_inactive_user_sees_nothing(officer_a):
    officer_a.is_active = False
    with pytest.raises(PermissionDenied):
        scope_queryset(officer_a, User.objects.all())


def test_scope_follows_a_deeper_tree(db):
    from tests.factories import make_area

    province = make_area("90")
    district = make_area("900", parent=province, level="district")
    commune = make_area("90001", parent=district)
    leader = make_user(Role.SO_LEADER, province)
    assert set(areas_in_scope(leader)) == {province, district, commune}


def test_require_role(officer_a, specialist):
    require_role(specialist, Role.SO_SPECIALIST, Role.SO_LEADER)
    with pytest.raises(PermissionDenied, match="Vai trò của bạn"):
        require_role(officer_a, Role.SO_SPECIALIST, Role.SO_LEADER)
