"""The kinds of background job and of import, declared by the apps that own them.

Each app declares its kinds in its own ``jobs`` module (``payments/jobs.py``…), which
``JobsConfig.ready`` imports at start-up (``autodiscover_modules("jobs")``, as the admin
finds ``admin`` modules). This module knows no domain app: an app registers a
``JobType`` (what runs, its label, the names of its counts, whether it is safe to run
again by itself) or an ``ImportSpec``, and starts its jobs from its own services, which
check role and scope before calling ``jobs.services.job_start``.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from django.utils.translation import gettext_lazy as _

from common.importing import ImportSpec

IMPORT = "import"  # the one kind the jobs app runs itself: check a file, then write it


@dataclass(frozen=True)
class Outcome:
    """What a finished job tells its owner: a message, its counts, and a result file or page."""

    message: str
    counts: dict = field(default_factory=dict)
    file: tuple[str, bytes] | None = None  # (file name, content): kept as the job's result to download
    url: str = ""  # the page of what the job made (a payment batch)
    total: int | None = None  # how many things it went through: its progress bar ends full at this


Report = Callable[..., None]  # report(message, done=0, total=0): the job's progress, seen at once


@dataclass(frozen=True)
class JobType:
    kind: str
    label: str
    run: Callable[[object, Report], Outcome]  # run(job, report) → Outcome; raise to fail, nothing written
    retried_by_itself: bool = False  # writes nothing but its result: run again once when its worker died
    counts: Mapping[str, str] = field(default_factory=dict)  # count key → label on the job's page


_types: dict[str, JobType] = {}
_imports: dict[str, ImportSpec] = {}


def register(kind: str, label: str, *, run, retried_by_itself: bool = False, counts: Mapping[str, str] = None):
    """Declare a kind of job (an app's ``jobs`` module calls this once per kind, at start-up)."""
    if kind == IMPORT or kind in _types:
        raise ValueError(f"job kind declared twice: {kind}")
    _types[kind] = JobType(kind, label, run, retried_by_itself, MappingProxyType(dict(counts or {})))


def register_import(spec: ImportSpec) -> None:
    """Declare a kind of import (its columns, its roles, how its rows are checked and written)."""
    if spec.kind in _imports:
        raise ValueError(f"import kind declared twice: {spec.kind}")
    _imports[spec.kind] = spec


def job_type(kind: str) -> JobType | None:
    return _types.get(kind)


def kind_choices() -> list[tuple[str, str]]:
    """The ``Job.kind`` choices: the import, then every declared kind."""
    return [(IMPORT, _("Nhập dữ liệu từ tệp")), *((t.kind, t.label) for t in _types.values())]


def retried_by_itself() -> list[str]:
    return [t.kind for t in _types.values() if t.retried_by_itself]


def count_labels(kind: str, import_kind: str = "") -> Mapping[str, str]:
    """What a job's counts are called on its page."""
    if kind == IMPORT:
        spec = _imports.get(import_kind)
        return {"rows": _("Số dòng trong tệp"), **(spec.counts if spec else {})}
    declared = _types.get(kind)
    return declared.counts if declared else {}


def import_spec(kind: str) -> ImportSpec | None:
    return _imports.get(kind)


def import_kinds() -> list[str]:
    return list(_imports)


def import_specs_for(user) -> list[ImportSpec]:
    """The kinds of import ``user`` may run, in menu order (the order the apps declared them)."""
    return [s for s in _imports.values() if user.is_authenticated and user.has_role(*s.roles)]
