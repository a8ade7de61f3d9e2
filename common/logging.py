"""Log formatting without personal data.

Exception messages can quote the data that caused them (a database error names the ID
number that was a duplicate), so tracebacks are logged with their frames and the
exception's type only. Requests are logged by path (gunicorn's access log format in
docs/deploy.md leaves out the query string, where searches by name would show).
"""

import logging
import traceback


class NoPersonalDataFormatter(logging.Formatter):
    def formatException(self, ei):  # noqa: N802 (logging's name)
        exc_type, _value, tb = ei
        frames = "".join(traceback.format_tb(tb))
        return f"Traceback (most recent call last):\n{frames}{exc_type.__module__}.{exc_type.__qualname__} " \
               f"(message withheld: it may quote personal data)"
