"""Changing the law as data: the war-invalid rate table uploaded by an administrator."""

import csv
import datetime
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scoping import require_role
from beneficiaries.models import MeritCategory
from programs.models import BenefitRule, Program

HEADER = ["injury_rate", "amount"]


def parse_rate_table(content: bytes, *, category: MeritCategory) -> list[tuple[int, int]]:
    """Read ``injury_rate,amount`` rows; every rate of the category's range exactly once, amounts rising.

    Raises ValidationError listing every bad row (line numbers as in the file).
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError({"file": [_("Tệp phải là CSV mã hoá UTF-8.")]}) from exc
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    if header != HEADER:
        raise ValidationError({"file": [_("Dòng tiêu đề phải là: injury_rate,amount")]})
    errors, rows, seen = [], [], set()
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 2:
            errors.append(_("Dòng %(n)s: cần đúng 2 cột.") % {"n": line})
            continue
        try:
            rate, amount = int(row[0].strip()), int(row[1].strip().replace(".", "").replace(",", ""))
        except ValueError:
            errors.append(_("Dòng %(n)s: tỷ lệ và mức phải là số nguyên.") % {"n": line})
            continue
        if not category.injury_rate_min <= rate <= category.injury_rate_max:
            errors.append(_("Dòng %(n)s: tỷ lệ %(r)s%% ngoài khoảng %(lo)s–%(hi)s%%.")
                          % {"n": line, "r": rate, "lo": category.injury_rate_min, "hi": category.injury_rate_max})
        elif rate in seen:
            errors.append(_("Dòng %(n)s: tỷ lệ %(r)s%% bị lặp.") % {"n": line, "r": rate})
        if amount <= 0:
            errors.append(_("Dòng %(n)s: mức phải lớn hơn 0.") % {"n": line})
        seen.add(rate)
        rows.append((rate, amount))
    missing = sorted(set(range(category.injury_rate_min, category.injury_rate_max + 1)) - seen)
    if missing:
        errors.append(_("Thiếu các tỷ lệ: %(rates)s.") % {"rates": ", ".join(map(str, missing[:20]))
                                                          + ("…" if len(missing) > 20 else "")})
    ordered = sorted(rows)
    for (rate_a, amount_a), (rate_b, amount_b) in zip(ordered, ordered[1:], strict=False):
        if amount_b < amount_a:
            errors.append(_("Mức của %(b)s%% nhỏ hơn mức của %(a)s%%: bảng phải tăng dần theo tỷ lệ.")
                          % {"a": rate_a, "b": rate_b})
            break
    if errors:
        raise ValidationError({"file": errors})
    return ordered


@transaction.atomic
def rate_table_upload(*, by: User, content: bytes, valid_from: datetime.date, legal_basis: str,
                      program_code: str = "UU_DAI_HANG_THANG", category_code: str = "THUONG_BINH") -> int:
    """Replace the category's rate table from ``valid_from``: the table in force closes the day before.

    All or nothing; returns the number of rows created.
    """
    require_role(by, Role.ADMIN)
    if not (legal_basis or "").strip():
        raise ValidationError({"legal_basis": [_("Cần ghi căn cứ pháp lý (số nghị định).")]})
    program = Program.objects.get(code=program_code)
    category = MeritCategory.objects.get(code=category_code)
    rows = parse_rate_table(content, category=category)
    table = BenefitRule.objects.select_for_update().filter(program=program, merit_category=category,
                                                           injury_rate_min__isnull=False)
    if table.filter(valid_from__gte=valid_from).exists():
        raise ValidationError({"valid_from": [_("Đã có bảng áp dụng từ ngày này hoặc muộn hơn; hãy sửa bảng đó.")]})
    table.filter(valid_to__isnull=True).update(valid_to=valid_from - datetime.timedelta(days=1))
    table.filter(valid_to__gte=valid_from).update(valid_to=valid_from - datetime.timedelta(days=1))
    BenefitRule.objects.bulk_create([
        BenefitRule(program=program, merit_category=category, injury_rate_min=rate, injury_rate_max=rate,
                    amount=amount, valid_from=valid_from, legal_basis=legal_basis.strip(),
                    note=_("Bảng %(cat)s tải lên") % {"cat": category.code})
        for rate, amount in rows
    ])
    return len(rows)
