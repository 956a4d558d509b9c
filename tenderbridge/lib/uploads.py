"""Checking and storing uploaded documents (evidence, lesson attachments, help-desk files). Django-free.

An upload is accepted only when all of these hold, else `UploadRefused(code, params)` says why:
- its size is between 1 byte and the limit (read at most limit + 1 bytes, so a huge body is never held whole);
- its extension is one of KINDS (pdf, png, jpg/jpeg, docx, xlsx, txt);
- its content is what the extension says: the magic bytes for pdf/png/jpeg (the `filetype` package), the inner
  structure of the zip container for docx/xlsx (their main part present, no macros, no zip bomb), and UTF-8
  text without NUL bytes for txt (and no known binary signature).

Files are stored under a private root (never under STATIC or MEDIA, never served by the web server) with a
random name: the original name is kept only as data. They are served back only as attachments with a fixed
content type (`KINDS[...].content_type`) by a view that checks permission first; nothing is executed or
rendered. The caller turns `UploadRefused.code` into a sentence in the reader's language (see MESSAGES' keys).
"""

import hashlib
import os
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import quote

import filetype

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_NAME = 200
# A docx/xlsx may not unpack to more than this, nor hold more entries: a zip bomb is refused, not opened.
MAX_UNPACKED = 100 * 1024 * 1024
MAX_ENTRIES = 2_000
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Kind:
    extension: str
    content_type: str
    label: str


KINDS = {
    "pdf": Kind("pdf", "application/pdf", "PDF"),
    "png": Kind("png", "image/png", "PNG"),
    "jpg": Kind("jpg", "image/jpeg", "JPEG"),
    "jpeg": Kind("jpeg", "image/jpeg", "JPEG"),
    "docx": Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (docx)"),
    "xlsx": Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (xlsx)"),
    "txt": Kind("txt", "text/plain; charset=utf-8", "Text (txt)"),
}
# The main part each Office Open XML container must have (ECMA-376); a renamed zip has none.
OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}

# Refusal codes (the caller words them; params fill the sentence).
EMPTY = "empty"
TOO_LARGE = "too_large"
NOT_ALLOWED = "not_allowed"
MISMATCH = "mismatch"
BAD_NAME = "bad_name"
CODES = (EMPTY, TOO_LARGE, NOT_ALLOWED, MISMATCH, BAD_NAME)


class UploadRefused(Exception):
    """Why an upload is refused: a stable `code` (one of CODES) and the values its message needs."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # the original name, cleaned (shown, never used as a path)
    kind: Kind
    size: int
    sha256: str
    content: bytes


def gettext_noop(message: str) -> str:
    """Marks a sentence for the translation catalog (makemessages knows this name) without Django."""
    return message


# What each refusal says; the caller translates: gettext(MESSAGES[error.code]) % error.params.
MESSAGES = {
    EMPTY: gettext_noop("The file is empty."),
    TOO_LARGE: gettext_noop("The file is too large: send at most %(limit_mb).0f MB."),
    NOT_ALLOWED: gettext_noop(
        "Files of type “%(extension)s” are not accepted. Accepted types: %(allowed)s."
    ),
    MISMATCH: gettext_noop(
        "The file's content is not a “%(extension)s” file: its name says one type and its content another."
    ),
    BAD_NAME: gettext_noop("The file needs a name of at most %(limit)d characters."),
}


def allowed_extensions() -> str:
    return ", ".join(KINDS)


def download_headers(kind: Kind, name: str) -> dict[str, str]:
    """Headers that make a browser save a stored file, never show or run it (whatever its content)."""
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "'").replace("?", "_")
    quoted = quote(name, safe="")
    return {
        "Content-Type": kind.content_type,
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quoted}",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'",
        "Cache-Control": "private, no-store",
    }


def clean_name(name: str) -> str:
    """The file's own name without any folder, control characters or surrounding spaces (≤ MAX_NAME)."""
    base = PurePosixPath(str(name).replace("\\", "/")).name
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    base = base.strip().strip(".")
    if not base or len(base) > MAX_NAME:
        raise UploadRefused(BAD_NAME, limit=MAX_NAME)
    return base


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def read_limited(stream: BinaryIO | bytes, max_bytes: int) -> bytes:
    """At most max_bytes of the stream; TOO_LARGE as soon as there is more (the rest is never read)."""
    if isinstance(stream, bytes | bytearray):
        data = bytes(stream)
    else:
        parts, total = [], 0
        while chunk := stream.read(CHUNK):
            parts.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                break
        data = b"".join(parts)
    if len(data) > max_bytes:
        raise UploadRefused(TOO_LARGE, limit_mb=max_bytes / 1024 / 1024)
    if not data:
        raise UploadRefused(EMPTY)
    return data


def check_upload(name: str, stream: BinaryIO | bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> CheckedUpload:
    """Check an upload (see the module's rules); returns it with its content, or raises UploadRefused."""
    name = clean_name(name)
    extension = extension_of(name)
    if extension not in KINDS:
        raise UploadRefused(NOT_ALLOWED, extension=extension or "—", allowed=allowed_extensions())
    data = read_limited(stream, max_bytes)
    if not _content_matches(extension, data):
        raise UploadRefused(MISMATCH, extension=extension)
    return CheckedUpload(name, KINDS[extension], len(data), hashlib.sha256(data).hexdigest(), data)


def _content_matches(extension: str, data: bytes) -> bool:
    if extension in OOXML_MAIN_PART:
        return _is_ooxml(data, OOXML_MAIN_PART[extension])
    if extension == "txt":
        return _is_text(data)
    guessed = filetype.guess(data)
    wanted = {"jpg": "jpg", "jpeg": "jpg"}.get(extension, extension)
    return guessed is not None and guessed.extension == wanted


def _is_ooxml(data: bytes, main_part: str) -> bool:
    """A real Office Open XML file: a zip with [Content_Types].xml and its main part, without macros
    (vbaProject.bin makes it a macro-enabled file wearing a docx/xlsx name) and of a sane unpacked size."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNPACKED:
                return False
            names = {entry.filename for entry in entries}
            if any(entry.filename.lower().endswith("vbaproject.bin") for entry in entries):
                return False
            return "[Content_Types].xml" in names and main_part in names
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _is_text(data: bytes) -> bool:
    if b"\x00" in data or filetype.guess(data) is not None:
        return False
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


# --- storage under the private root ---------------------------------------------------------------------------


def store(root: Path, folder: str, upload: CheckedUpload) -> str:
    """Write the upload under root/folder with a random name; returns the path relative to root.

    Written to a temporary name and renamed, so a crash never leaves half a file under its real name.
    """
    relative = f"{folder.strip('/')}/{secrets.token_hex(16)}.{upload.kind.extension}"
    target = resolve(root, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".part")
    temporary.write_bytes(upload.content)
    os.replace(temporary, target)
    return relative


def resolve(root: Path, relative: str) -> Path:
    """The absolute path of a stored file; refuses any path that would leave the root."""
    root = Path(root).resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise ValueError(f"{relative!r} is outside the private upload folder")
    return path


@dataclass(frozen=True)
class Download:
    path: Path
    headers: dict[str, str]  # download_headers: saved, never shown or run


def download(root: Path, relative: str, extension: str, name: str) -> Download | None:
    """A stored file ready to be sent as a download under its own name; None when it is gone."""
    path = resolve(root, relative)
    if not path.is_file():
        return None
    return Download(path, download_headers(KINDS[extension], name))


def remove(root: Path, relative: str) -> None:
    """Delete a stored file (used when the database write that owns it fails or the row is deleted)."""
    try:
        resolve(root, relative).unlink(missing_ok=True)
    except ValueError:
        pass
