"""Amounts in Vietnamese words, as payment lists and decisions write them ("Một triệu năm trăm nghìn đồng")."""

def money(n: int) -> str:
    """Whole đồng with "." between thousands: 1500000 → "1.500.000"."""
    return f"{n:,}".replace(",", ".")


DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
SCALES = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"]


def _three(n: int, full: bool) -> list[str]:
    """Read 0–999; ``full`` when a higher group precedes (then "không trăm", "linh" are spoken)."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = []
    if full or hundreds:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        elif units == 4 and tens >= 2:
            words.append("tư")
        else:
            words.append(DIGITS[units])
    return words


def number_to_words(n: int) -> str:
    """Return ``n`` (≥ 0) in Vietnamese words, without the unit: 1_500_000 → "một triệu năm trăm nghìn"."""
    if n == 0:
        return "không"
    groups = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    words = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        words += _three(group, full=bool(words))
        words.append(SCALES[index])
    return " ".join(w for w in words if w)


def amount_in_words(n: int) -> str:
    """Return an amount of đồng in words, capitalised: 750_000 → "Bảy trăm năm mươi nghìn đồng"."""
    text = number_to_words(n) + " đồng"
    return text[0].upper() + text[1:]
