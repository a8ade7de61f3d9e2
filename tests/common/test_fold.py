"""Python's ``fold()`` (imports, duplicate checks before writing) and PostgreSQL's
``immutable_unaccent(lower(…))`` (the search keys and indexes) must give the same key, or a name found in a file
would not be found in the database."""

import unicodedata

import pytest
from django.db import connection

from common.importing import fold

VOWELS = "aăâeêioôơuưy"
TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
LETTERS = ([unicodedata.normalize("NFC", v + t) for v in VOWELS for t in ("", *TONES)]
           + list("bcdđghklmnpqrstvx"))


@pytest.mark.django_db
@pytest.mark.parametrize("form", ["NFC", "NFD"])
@pytest.mark.parametrize("case", [str.lower, str.upper])
def test_fold_equals_postgresqls_search_key_over_the_vietnamese_alphabet(form, case):
    words = [unicodedata.normalize(form, case(letter)) for letter in LETTERS]
    words += [unicodedata.normalize(form, case(name)) for name in
              ("Nguyễn Thị Ánh Tuyết", "Đặng Hữu Phước", "Trương Quỳnh Như", "Lê Văn Đức", "Hoàng Thị Ngọc Ẩn")]
    with connection.cursor() as cursor:
        cursor.execute("SELECT w, immutable_unaccent(lower(w)) FROM unnest(%s::text[]) AS w", [words])
        in_database = dict(cursor.fetchall())
    different = {w: (fold(w), in_database[w]) for w in words if fold(w) != in_database[w]}
    assert not different
    assert fold(case("Đặng Hữu Phước")) == "dang huu phuoc"
