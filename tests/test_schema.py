from django.core.management import call_command


def test_openapi_schema_is_valid_without_warnings(db, tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in ("/api/v1/persons/", "/api/v1/merit-profiles/{id}/approve/", "/api/v1/poverty-reviews/",
                 "/api/v1/protection-profiles/{id}/return/", "/api/v1/households/", "/api/v1/areas/{code}/"):
        assert path in text, path
