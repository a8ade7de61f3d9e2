"""Writes on staff accounts."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Agency, Role, User
from areas.models import Area


@transaction.atomic
def staff_create(
    *, username: str, password: str, role: str, area_code: str | None, full_name: str = "", email: str = "",
    agency: str = "", update_existing: bool = False,
) -> User:
    """Create a staff account with a role and the area it is scoped to.

    Refuses an unknown role or area, a commune officer scoped above commune
    level, a weak password and (unless ``update_existing``) a taken username.
    """
    errors: dict[str, list[str]] = {}
    if agency and agency not in Agency.values:
        errors["agency"] = [_("Cơ quan “%(a)s” không hợp lệ; chọn một trong: %(all)s.")
                            % {"a": agency, "all": ", ".join(Agency.values)}]
    if role not in Role.values:
        errors["role"] = [_("Vai trò “%(role)s” không hợp lệ; chọn một trong: %(roles)s.")
                          % {"role": role, "roles": ", ".join(Role.values)}]
    area = None
    if area_code:
        area = Area.objects.filter(code=area_code).first()
        if area is None:
            errors["area"] = [_("Không có đơn vị hành chính mã “%(code)s”.") % {"code": area_code}]
    user = User.objects.filter(username=username).first()
    if user is not None and not update_existing:
        errors["username"] = [_("Tên đăng nhập “%(username)s” đã được dùng.") % {"username": username}]
    if errors:
        raise ValidationError(errors)

    user = user or User(username=username)
    user.full_name = full_name
    user.email = email
    user.role = role
    user.area = area
    user.agency = agency or ""
    user.is_active = True
    user.full_clean(exclude=["password"])
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def staff_assign_agency(*, username: str, agency: str) -> User:
    """Give an existing Sở account its department (the 2025 reform: one undivided Sở became three)."""
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None:
        raise ValidationError({"username": [_("Không có tài khoản “%(u)s”.") % {"u": username}]})
    if agency not in Agency.values:
        raise ValidationError({"agency": [_("Cơ quan “%(a)s” không hợp lệ; chọn một trong: %(all)s.")
                                          % {"a": agency, "all": ", ".join(Agency.values)}]})
    user.agency = agency
    user.full_clean(exclude=["password"])
    user.save(update_fields=["agency"])
    return user
