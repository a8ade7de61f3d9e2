"""Application errors. The HTTP status sits on the exception (see common/api.py)."""


class DomainError(Exception):
    """A business rule refused the action; the message is shown to the user."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra or {}


class Conflict(DomainError):
    """The record's state refuses the action (HTTP 409): already handled, closed, not yet approved…"""

    status = 409


class TransitionNotAllowed(Conflict):
    """The requested status change is not allowed from the current status."""

    def __init__(self, message: str, *, current: str, target: str):
        super().__init__(message, code="transition_not_allowed", extra={"current": current, "target": target})
