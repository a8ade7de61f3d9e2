"""Changing the law as data: the war-invalid rate table uploaded by an administrator."""

import csv
import datetime
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.scoping import require_role
from beneficiaries.models import MeritCategory, WarInvalidType
from programs.models import BenefitRule, Component, Program, SourceMark

HEADER = ["injury_rate", "amount"]


def parse_rate_table(content: bytes, *, category: MeritCategory, complete: bool = True) -> list[tuple[int, int]]:
    """Read ``injury_rate,amount`` rows: each rate of the category's range at most once (every rate when
    ``complete``), amounts rising with the rate.

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
    if complete and missing:
        errors.append(_("Thiếu các tỷ lệ: %(rates)s.") % {"rates": ", ".join(map(str, missing[:20]))
                                                          + ("…" if len(missing) > 20 else "")})
    if not rows and not errors:
        errors.append(_("Tệp không có dòng nào."))
    errors += _not_rising(rows)
    if errors:
        raise ValidationError({"file": errors})
    return sorted(rows)


def _not_rising(rows) -> list[str]:
    ordered = sorted(rows)
    for (rate_a, amount_a), (rate_b, amount_b) in zip(ordered, ordered[1:], strict=False):
        if amount_b < amount_a:
            return [_("Mức của %(b)s%% nhỏ hơn mức của %(a)s%%: bảng phải tăng dần theo tỷ lệ.")
                    % {"a": rate_a, "b": rate_b}]
    return []


class UploadMode:
    REPLACE = "replace"  # a whole new table from valid_from; the table in force closes the day before
    FILL = "fill"  # rows the table in force lacks (NOT_FOUND in the seed), from valid_from


@transaction.atomic
def rate_table_upload(*, by: User, content: bytes, valid_from: datetime.date, legal_basis: str,
                      war_invalid_type: str = WarInvalidType.A, mode: str = UploadMode.REPLACE,
                      program_code: str = "UU_DAI_HANG_THANG", category_code: str = "THUONG_BINH") -> int:
    """Enter a war-invalid table (type A: Phụ lục II, type B: Phụ lục III) by exact injury rate.

    ``replace``: every rate, replacing the table in force from ``valid_from``. ``fill``: only rates that have no
    row in force on ``valid_from`` (the gaps the seed left where no source was found); a rate already there is
    refused. All or nothing; returns the number of rows created. The rows are marked seen (V): an
    administrator enters them from the decree.
    """
    require_role(by, Role.ADMIN)
    if not (legal_basis or "").strip():
        raise ValidationError({"legal_basis": [_("Cần ghi căn cứ pháp lý (số nghị định).")]})
    if war_invalid_type not in WarInvalidType.values:
        raise ValidationError({"war_invalid_type": [_("Loại thương binh phải là A hoặc B.")]})
    program = Program.objects.get(code=program_code)
    category = MeritCategory.objects.get(code=category_code)
    rows = parse_rate_table(content, category=category, complete=mode == UploadMode.REPLACE)
    table = BenefitRule.objects.select_for_update(of=("self",)).order_by().filter(
        program=program, merit_category=category, for_relatives=False, component=Component.MAIN,
        war_invalid_type=war_invalid_type, injury_rate_min=F("injury_rate_max"))
    if mode == UploadMode.FILL:
        present = set(table.in_force_on(valid_from).values_list("injury_rate_min", flat=True))
        clash = sorted(rate for rate, _amount in rows if rate in present)
        if clash:
            raise ValidationError({"file": [_("Các tỷ lệ đã có mức đang áp dụng ngày %(day)s: %(rates)s. Chỉ bổ "
                                              "sung tỷ lệ còn thiếu; để thay cả bảng, chọn “thay bảng”.")
                                            % {"day": valid_from.strftime("%d/%m/%Y"),
                                               "rates": ", ".join(map(str, clash))}]})
        together = list(rows) + [(r.injury_rate_min, r.amount) for r in table.in_force_on(valid_from)]
        if errors := _not_rising(together):
            raise ValidationError({"file": errors})
    else:
        if table.filter(valid_from__gte=valid_from).exists():
            raise ValidationError({"valid_from": [
                _("Đã có bảng áp dụng từ ngày này hoặc muộn hơn; hãy sửa bảng đó.")]})
        closing = valid_from - datetime.timedelta(days=1)
        table.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)).update(valid_to=closing)
    prefix = "TB" if war_invalid_type == WarInvalidType.A else "TBB"
    BenefitRule.objects.bulk_create([
        BenefitRule(program=program, merit_category=category, injury_rate_min=rate, injury_rate_max=rate,
                    war_invalid_type=war_invalid_type, amount=amount, valid_from=valid_from,
                    legal_basis=legal_basis.strip(), code=f"{prefix}_{rate}", mark=SourceMark.SEEN,
                    source=_("Quản trị %(user)s tải lên") % {"user": by.get_username()},
                    note=_("Bảng %(cat)s loại %(type)s tải lên") % {"cat": category.code, "type": war_invalid_type})
        for rate, amount in rows
    ])
    return len(rows)


@transaction.atomic
def rules_mark_checked(*, by: User, rules) -> int:
    """Record that an administrator checked derived (M) rows against the decree's text."""
    require_role(by, Role.ADMIN)
    return BenefitRule.objects.filter(pk__in=[r.pk for r in rules], mark=SourceMark.DERIVED,
                                      checked_at__isnull=True).update(checked_by=by, checked_at=timezone.now())
