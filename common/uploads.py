"""What an uploaded file really is: its first bytes, not its name (an HTML page or a program renamed .pdf is
refused). Every upload of the system is checked here: scans and attachments (PDF, JPEG, PNG), imports and bank
results (XLSX, CSV)."""

SIGNATURES = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "xlsx": (b"PK\x03\x04",),
}
BINARY = tuple(sig for sigs in SIGNATURES.values() for sig in sigs) + (b"MZ", b"\x7fELF")


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def content_matches(name: str, head: bytes) -> bool:
    """Whether the first bytes of a file named ``name`` are what its extension says (CSV: text, no NUL)."""
    extension = extension_of(name)
    if extension == "csv":
        return b"\x00" not in head and not head.startswith(BINARY)
    return any(head.startswith(signature) for signature in SIGNATURES.get(extension, ()))


def head_of(file, size: int = 512) -> bytes:
    """The first bytes of an uploaded file, leaving it ready to be read or saved from the start."""
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head
