from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import REGISTRARS, User
from accounts.scoping import ensure_in_scope, require_role
from beneficiaries.models import Document, DocumentKind, Person
from common.audit import acting_as
from common.uploads import content_matches, head_of


def upload_errors(file) -> dict[str, list[str]]:
    """What is wrong with an uploaded scan (type, size), for every upload of the system."""
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    if extension not in settings.DOCUMENT_EXTENSIONS:
        return {"file": [_("Chỉ nhận tệp %(ext)s.") % {"ext": ", ".join(settings.DOCUMENT_EXTENSIONS).upper()}]}
    if file.size > settings.DOCUMENT_MAX_BYTES:
        return {"file": [_("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": settings.DOCUMENT_MAX_BYTES // 2**20}]}
    if not content_matches(file.name, head_of(file)):
        return {"file": [_("Nội dung tệp không phải %(ext)s như tên tệp: chỉ nhận bản quét PDF, JPG, PNG thật.")
                         % {"ext": extension.upper()}]}
    return {}


@transaction.atomic
def document_upload(*, by: User, person: Person, kind: str, file, title: str = "", attached_to=None) -> Document:
    """Attach a scan (PDF, JPG, PNG) to a person and optionally to one of their profiles."""
    require_role(by, *REGISTRARS)
    ensure_in_scope(by, person.area)
    errors = {}
    if kind not in DocumentKind.values:
        errors["kind"] = [_("Loại giấy tờ không hợp lệ.")]
    errors.update(upload_errors(file))
    if attached_to is not None and getattr(attached_to, "person_id", None) != person.pk:
        errors["attached_to"] = [_("Hồ sơ đính kèm phải là của chính người này.")]
    if errors:
        raise ValidationError(errors)
    document = Document(person=person, kind=kind, title=title.strip(), file=file, size=file.size, uploaded_by=by,
                        attached_to=attached_to)
    with acting_as(by):
        document.save()
    return document
