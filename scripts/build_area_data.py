#!/usr/bin/env python3
"""Build the administrative-unit data files in areas/data/ from `vietnam-provinces`.

The official codes are those of vietnam-provinces 2026.x (DOMAIN.md §6). That
release declares Python >= 3.12, so this script does not install it: it
downloads the wheel with pip (``--python-version 3.12``), unpacks it into a
temporary folder and reads its data from there, which works on Python 3.11.

    python scripts/build_area_data.py                # download 2026.9.0 and rebuild
    python scripts/build_area_data.py --wheel FILE   # use a wheel already downloaded

The package is GPL-3.0-or-later; we use it only as a data source and commit the
facts (codes, names, kinds, parents, old→new mapping) as CSV.

Files written (UTF-8, NFC, header row):
- units.csv        current two-level list: code,name,level,kind,parent_code
- legacy_units.csv pre-2025 three-level list: code,name,level,kind,parent_code
- legacy_to_current.csv old unit → new unit: legacy_code,area_code,is_partly_merged
"""

import argparse
import csv
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

VERSION = "2026.9.0"
OUT = Path(__file__).resolve().parent.parent / "areas" / "data"

KINDS = {
    "tỉnh": "tinh",
    "thành phố trung ương": "thanh_pho_tw",
    "thành phố": "thanh_pho",
    "quận": "quan",
    "huyện": "huyen",
    "thị xã": "thi_xa",
    "phường": "phuong",
    "xã": "xa",
    "thị trấn": "thi_tran",
    "đặc khu": "dac_khu",
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fetch_wheel(folder: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
         "--python-version", "3.12", f"vietnam-provinces=={VERSION}", "-d", str(folder)],
        check=True,
    )
    return next(folder.glob("vietnam_provinces-*.whl"))


def write(name: str, header: list[str], rows: list[tuple]) -> None:
    with open(OUT / name, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"{name}: {len(rows)} rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wheel", type=Path, help="a vietnam_provinces wheel already downloaded")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        wheel = args.wheel or fetch_wheel(tmp)
        zipfile.ZipFile(wheel).extractall(tmp / "pkg")
        sys.path.insert(0, str(tmp / "pkg"))
        import json

        from vietnam_provinces import _province_conversion_2025 as province_conv
        from vietnam_provinces import _ward_conversion_2025 as ward_conv
        from vietnam_provinces.legacy import _lookup as legacy

        nested = json.loads((tmp / "pkg" / "vietnam_provinces" / "data" / "nested-divisions.json").read_text("utf-8"))

    units = []
    for province in sorted(nested, key=lambda p: p["code"]):
        pcode = f"{province['code']:02d}"
        units.append((pcode, nfc(province["name"]), "province", KINDS[province["division_type"]], ""))
        for ward in sorted(province["wards"], key=lambda w: w["code"]):
            units.append((f"{ward['code']:05d}", nfc(ward["name"]), "commune", KINDS[ward["division_type"]], pcode))
    write("units.csv", ["code", "name", "level", "kind", "parent_code"], units)

    old = []
    for p in sorted(legacy.PROVINCE_MAPPING.values(), key=lambda p: int(p.code)):
        old.append((f"{int(p.code):02d}", nfc(p.name), "province", KINDS[str(p.division_type)], ""))
    for d in sorted(legacy.DISTRICT_MAPPING.values(), key=lambda d: int(d.code)):
        old.append((f"{int(d.code):03d}", nfc(d.name), "district", KINDS[str(d.division_type)],
                    f"{int(d.province_code):02d}"))
    for w in sorted(legacy.WARD_MAPPING.values(), key=lambda w: int(w.code)):
        old.append((f"{int(w.code):05d}", nfc(w.name), "commune", KINDS[str(w.division_type)],
                    f"{int(w.district_code):03d}"))
    write("legacy_units.csv", ["code", "name", "level", "kind", "parent_code"], old)

    mapping = []
    for code, entry in sorted(province_conv.OLD_TO_NEW.items()):
        for new in entry.new_provinces:
            mapping.append((f"{code:02d}", f"{new.code:02d}", "1" if len(entry.new_provinces) > 1 else "0"))
    for code, entry in sorted(ward_conv.OLD_TO_NEW.items()):
        for new in entry.new_wards:
            mapping.append((f"{code:05d}", f"{new.code:05d}", "1" if entry.old_ward.is_partly_merged else "0"))
    # The upstream conversion table names 11 old communes that its own legacy list
    # lacks (units created after that list was taken): they cannot be resolved, so drop them.
    known_old, known_new = {u[0] for u in old}, {u[0] for u in units}
    dropped = [m for m in mapping if m[0] not in known_old or m[1] not in known_new]
    mapping = [m for m in mapping if m not in dropped]
    print(f"legacy_to_current.csv: dropped {len(dropped)} rows naming unknown units: {sorted({m[0] for m in dropped})}")
    write("legacy_to_current.csv", ["legacy_code", "area_code", "is_partly_merged"], mapping)


if __name__ == "__main__":
    main()
