"""API permission shared by every viewset (its own module: DRF imports it while starting up)."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class WriteRoles(BasePermission):
    """Writes (POST, PATCH…) only for the roles a viewset names in ``write_roles``.

    Checked before any input is read, so a role that may never write gets 403, not a
    validation error. The services still check each action's own roles and the scope.
    """

    def has_permission(self, request, view):
        roles = getattr(view, "write_roles", None)
        if getattr(view, "action", None) in getattr(view, "decision_actions", ()):
            roles = view.decision_roles  # decisions: their own roles (who decides which case: the service)
        return request.method in SAFE_METHODS or roles is None or request.user.has_role(*roles)
