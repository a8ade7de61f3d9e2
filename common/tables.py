"""Reading uploaded tables (bank results…) as rows of strings, header first: the import reader's cells."""

from django.core.exceptions import ValidationError

from common.importing import ImportFileError, read_cells, text_of_cell


def read_table(filename: str, content: bytes) -> list[list[str]]:
    """Rows of an XLSX (python-calamine) or UTF-8 CSV file as strings, header first."""
    try:
        cells = read_cells(filename, content)
    except ImportFileError as exc:
        raise ValidationError({"file": [e.message for e in exc.errors]}) from exc
    return [[text_of_cell(v) for v in row] for row in cells]
