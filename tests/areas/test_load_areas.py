import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from areas.models import Area, Kind, LegacyArea, LegacyAreaSuccession, Level
from areas.services import areas_load
from tests.factories import make_area


@pytest.fixture
def loaded(db):
    return areas_load()


def test_full_load_has_the_official_counts(loaded):
    assert Area.objects.provinces().count() == 34
    assert Area.objects.communes().count() == 3321
    assert loaded.created == 3355


def test_bac_ninh_is_24_with_99_units(loaded):
    bac_ninh = Area.objects.get(code="24")
    assert bac_ninh.name == "Tỉnh Bắc Ninh"
    units = bac_ninh.children.all()
    assert units.count() == 99
    assert units.filter(kind=Kind.PHUONG).count() == 33
    assert units.filter(kind=Kind.XA).count() == 66


def test_codes_are_the_2026_official_zero_padded_ones(loaded):
    assert Area.objects.get(code="01").name == "Thành phố Hà Nội"
    assert Area.objects.get(code="09370").name == "Phường Tam Sơn"  # 9376 in the 2025 draft list
    assert Area.objects.get(code="09379").name == "Phường Phù Khê"
    assert not Area.objects.filter(code="9370").exists()
    assert all(len(c) == 5 for c in Area.objects.communes().values_list("code", flat=True))


def test_wards_are_urban_and_communes_rural(loaded):
    assert Area.objects.get(code="07210").is_urban is True  # Phường Bắc Giang
    assert Area.objects.get(code="07616").is_urban is False  # Xã Tây Yên Tử


def test_second_load_changes_nothing(loaded):
    before = list(Area.objects.values_list("id", "code", "path", "parent_id").order_by("id"))
    again = areas_load()
    assert again.created == 0
    assert again.updated == 3355
    assert list(Area.objects.values_list("id", "code", "path", "parent_id").order_by("id")) == before
    assert LegacyAreaSuccession.objects.count() == loaded.legacy_links


def test_load_keeps_an_administrators_urban_flag(loaded):
    Area.objects.filter(code="07616").update(is_urban=True)
    areas_load()
    assert Area.objects.get(code="07616").is_urban is True


def test_unit_missing_from_the_list_is_deactivated_not_deleted(loaded):
    stray = make_area("99999", "Xã đã giải thể", parent=Area.objects.get(code="24"))
    result = areas_load(province_code="24")
    stray.refresh_from_db()
    assert stray.is_active is False
    assert result.deactivated == 1


def test_one_province_loads_only_its_units(db):
    result = areas_load(province_code="24")
    assert result.created == 100
    assert Area.objects.count() == 100
    # old Bắc Giang (24) and old Bắc Ninh (27) became the new Bắc Ninh
    assert set(LegacyArea.objects.filter(level=Level.PROVINCE).values_list("code", flat=True)) == {"24", "27"}


def test_unknown_province_is_refused(db):
    with pytest.raises(CommandError, match="Không có tỉnh/thành phố mã “77”"):
        call_command("load_areas", "--province", "77")
    assert Area.objects.count() == 0


def test_command_reports_counts(db, capsys):
    call_command("load_areas", "--province", "24")
    assert "100 mới" in capsys.readouterr().out


def test_legacy_list_and_old_to_new_mapping(loaded):
    assert LegacyArea.objects.filter(level=Level.PROVINCE).count() == 63
    assert LegacyArea.objects.filter(level=Level.DISTRICT).count() == 696
    assert LegacyArea.objects.filter(level=Level.COMMUNE).count() == 10051
    old_bac_ninh = LegacyArea.objects.get(code="27")
    assert old_bac_ninh.name == "Tỉnh Bắc Ninh"
    assert list(old_bac_ninh.successors.values_list("code", flat=True)) == ["24"]
    # every old commune of old Bắc Ninh now lies in the new province 24
    old_communes = LegacyArea.objects.filter(parent__parent=old_bac_ninh)
    assert old_communes.count() > 100
    successors = Area.objects.filter(predecessors__in=old_communes).distinct()
    assert successors.exists()
    assert set(successors.values_list("parent__code", flat=True)) == {"24"}


def test_descendant_lookup_is_one_query(loaded, django_assert_num_queries):
    bac_ninh = Area.objects.get(code="24")
    with django_assert_num_queries(1):
        assert len(list(Area.objects.within(bac_ninh))) == 100


def test_descendant_lookup_uses_the_path_index(loaded):
    bac_ninh = Area.objects.get(code="24")
    sql, params = Area.objects.within(bac_ninh).values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "areas_area_path" in plan, plan
    assert "Seq Scan" not in plan, plan


def test_three_level_tree_works(db):
    province = make_area("90", "Tỉnh thử")
    district = make_area("900", "Huyện thử", parent=province, level=Level.DISTRICT)
    commune = make_area("90001", "Xã thử", parent=district)
    other = make_area("91", "Tỉnh khác")
    assert commune.path == "/90/900/90001/"
    assert set(Area.objects.within(province)) == {province, district, commune}
    assert set(Area.objects.within(district)) == {district, commune}
    assert list(commune.ancestors()) == [province, district]
    assert commune in Area.objects.within(province) and commune not in Area.objects.within(other)


def test_benchmark_command_prints_its_figures(db, capsys):
    call_command("bench_areas", "--repeat", "1")
    out = capsys.readouterr().out
    assert "load_areas (whole country, 3355 units" in out
    assert "within(province) over 34 queries" in out
