"""lib/uploads.py: what an upload must be to be kept, and how it is stored (no database)."""

import io
import zipfile

import pytest

from tenderbridge.lib import uploads

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


def ooxml(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("licence.pdf", PDF), ("photo.PNG", PNG), ("scan.jpg", JPEG), ("scan.jpeg", JPEG),
        ("report.docx", ooxml("[Content_Types].xml", "word/document.xml")),
        ("accounts.xlsx", ooxml("[Content_Types].xml", "xl/workbook.xml")),
        ("notes.txt", "营业执照编号 91320500".encode()),
    ],
)  # fmt: skip
def test_each_allowed_kind_is_accepted_when_its_content_matches(name, content):
    checked = uploads.check_upload(name, io.BytesIO(content))
    assert checked.size == len(content) and checked.content == content and len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("run.exe", b"MZ", uploads.NOT_ALLOWED),
        ("page.html", b"<script>", uploads.NOT_ALLOWED),
        ("noextension", PDF, uploads.NOT_ALLOWED),
        ("licence.pdf", PNG, uploads.MISMATCH),
        ("photo.png", PDF, uploads.MISMATCH),
        ("zip.docx", ooxml("a.txt"), uploads.MISMATCH),
        ("sheet-as-doc.docx", ooxml("[Content_Types].xml", "xl/workbook.xml"), uploads.MISMATCH),
        ("macro.docx", ooxml("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"), uploads.MISMATCH),
        ("binary.txt", b"ab\x00cd", uploads.MISMATCH),
        ("latin1.txt", "café".encode("latin-1"), uploads.MISMATCH),
        ("pdf.txt", PDF, uploads.MISMATCH),
        ("empty.pdf", b"", uploads.EMPTY),
        ("/", PDF, uploads.BAD_NAME),
    ],
)
def test_a_bad_upload_is_refused_with_its_code(name, content, code):
    with pytest.raises(uploads.UploadRefused) as error:
        uploads.check_upload(name, io.BytesIO(content))
    assert error.value.code == code
    assert uploads.MESSAGES[code] % error.value.params  # every refusal words itself


def test_a_large_stream_is_refused_without_reading_it_all():
    class Endless(io.RawIOBase):
        read_bytes = 0

        def read(self, size=-1):
            self.read_bytes += size
            return b"%" * size

    stream = Endless()
    with pytest.raises(uploads.UploadRefused) as error:
        uploads.check_upload("big.pdf", stream, max_bytes=1024 * 1024)
    assert error.value.code == uploads.TOO_LARGE and stream.read_bytes <= 1024 * 1024 + uploads.CHUNK


def test_a_zip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNPACKED", 1000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("word/document.xml", "0" * 10_000)
    with pytest.raises(uploads.UploadRefused):
        uploads.check_upload("bomb.docx", buffer.getvalue())


def test_the_name_keeps_no_folder_and_storage_stays_under_the_root(tmp_path):
    checked = uploads.check_upload("..\\..\\etc/审计报告.pdf", PDF)
    assert checked.name == "审计报告.pdf"
    relative = uploads.store(tmp_path, "readiness/7", checked)
    assert relative.startswith("readiness/7/") and relative.endswith(".pdf") and "审计" not in relative
    assert (tmp_path / relative).read_bytes() == PDF and not list(tmp_path.rglob("*.part"))
    with pytest.raises(ValueError):
        uploads.resolve(tmp_path, "../outside.pdf")
    uploads.remove(tmp_path, relative)
    assert not (tmp_path / relative).exists()


def test_downloads_are_attachments_with_a_fixed_type():
    headers = uploads.download_headers(uploads.KINDS["txt"], '营业执照 "scan".txt')
    assert headers["Content-Type"] == "text/plain; charset=utf-8" and headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Disposition"].startswith('attachment; filename="')
    assert "filename*=UTF-8''%E8%90%A5" in headers["Content-Disposition"]
