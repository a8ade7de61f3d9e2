"""The floor for ``bench_api``: the persons list of an area as hand-written SQL turned into JSON.

A bare WSGI callable (no middleware, no authentication, no DRF, no ORM): what serving the
same page costs with nothing of ours in the way. Run by gunicorn like the project.
"""

import json
import os
from urllib.parse import parse_qs

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.db import connection  # noqa: E402  (after setup)

SQL = """
SELECT p.id, p.full_name, p.date_of_birth, p.birth_year_only, p.sex, p.national_id, p.old_id_number,
       p.social_insurance_number, p.ethnicity, a.code, p.household_id, p.relation_to_head, p.date_of_death,
       p.payment_channel, p.bank_code, p.account_number, p.account_holder, p.health_insurance_number,
       p.health_insurance_valid_to, p.phone, p.created_at, p.updated_at
FROM beneficiaries_person p JOIN areas_area a ON a.id = p.area_id
WHERE p.area_id = %s
ORDER BY p.full_name, p.id
LIMIT %s OFFSET %s
"""
COLUMNS = ("id", "full_name", "date_of_birth", "birth_year_only", "sex", "national_id", "old_id_number",
           "social_insurance_number", "ethnicity", "area", "household", "relation_to_head", "date_of_death",
           "payment_channel", "bank_code", "account_number", "account_holder", "health_insurance_number",
           "health_insurance_valid_to", "phone", "created_at", "updated_at")


def app(environ, start_response):
    query = parse_qs(environ.get("QUERY_STRING", ""))
    code = query.get("area", [""])[0]
    size = int(query.get("page_size", ["50"])[0])
    page = int(query.get("page", ["1"])[0])
    with connection.cursor() as cursor:
        # the benchmark asks for communes: their persons match by key (see accounts.scoping.within)
        cursor.execute("SELECT id FROM areas_area WHERE code = %s", [code])
        area_id = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM beneficiaries_person p WHERE p.area_id = %s", [area_id])
        (count,) = cursor.fetchone()
        cursor.execute(SQL, [area_id, size, (page - 1) * size])
        rows = [dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()]
    body = json.dumps({"count": count, "results": rows}, default=str).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
