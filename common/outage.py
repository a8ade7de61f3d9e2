"""When PostgreSQL is down or restarting: tell the user so (503, not a 500 trace), and let the processes wait.

Django reconnects by itself once the server is back: connections are health-checked at the start of every
request (``CONN_HEALTH_CHECKS``) and one that raised a connection error is closed at the end of its request.
What remains is to recognise the error, which is also the class of a statement timeout or a serialization
failure: only a failure to connect (no SQLSTATE), a connection exception (class 08) or the server shutting
down, crashed or starting up (57P01, 57P02, 57P03) means the database is away. A statement timeout (57014,
the same class) is not: it stays a 500 and is logged as such.
"""

from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext_lazy as _

MESSAGE = _("Hệ thống tạm thời không kết nối được cơ sở dữ liệu (đang khởi động lại hoặc bảo trì). "
            "Yêu cầu của bạn chưa được thực hiện, không có dữ liệu nào bị thay đổi; vui lòng thử lại sau ít phút.")
RETRY_AFTER_SECONDS = 30
CODE = "database_unavailable"
SERVER_AWAY = ("57P01", "57P02", "57P03")  # admin_shutdown, crash_shutdown, cannot_connect_now


def database_unavailable(exc: BaseException | None) -> bool:
    """True when ``exc`` says the database cannot be reached (as opposed to a query it refused)."""
    if isinstance(exc, InterfaceError):  # the connection was already closed
        return True
    if not isinstance(exc, OperationalError):
        return False
    sqlstate = getattr(exc.__cause__, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith("08") or sqlstate in SERVER_AWAY
