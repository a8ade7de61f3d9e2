import pytest

from common.numbers import amount_in_words, number_to_words


@pytest.mark.parametrize("n,words", [
    (0, "không"), (5, "năm"), (10, "mười"), (15, "mười lăm"), (21, "hai mươi mốt"), (24, "hai mươi tư"),
    (105, "một trăm linh năm"), (110, "một trăm mười"), (1_000, "một nghìn"),
    (1_005, "một nghìn không trăm linh năm"), (500_000, "năm trăm nghìn"), (750_000, "bảy trăm năm mươi nghìn"),
    (1_500_000, "một triệu năm trăm nghìn"), (2_789_000, "hai triệu bảy trăm tám mươi chín nghìn"),
    (10_704_000, "mười triệu bảy trăm linh bốn nghìn"), (1_000_000_000, "một tỷ"),
    (1_000_050_000, "một tỷ không trăm năm mươi nghìn"),
])
def test_vietnamese_number_words(n, words):
    assert number_to_words(n) == words


def test_amount_in_words_is_capitalised_with_the_unit():
    assert amount_in_words(1_250_000) == "Một triệu hai trăm năm mươi nghìn đồng"
