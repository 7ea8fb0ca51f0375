"""Virus scanning for real: ClamAV with a one-signature EICAR database, via clamd and clamscan."""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image
from pypdf import PdfWriter

from smartbank_desktop.backend.kyc.errors import ScannerUnavailable, TransientKycError
from smartbank_desktop.backend.kyc.virus_scan import (
    ClamdProcess,
    Verdict,
    VirusScanner,
    scan_bytes,
    write_body_signature_database,
)


def jpeg_sized_blob(payload: bytes = b"") -> bytes:
    """A real 1 MB-ish JPEG with ``payload`` appended, as a polyglot upload would carry it."""
    image = Image.effect_noise((900, 700), 60).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue() + payload


def pdf_with(payload: bytes) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("note.txt", payload)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(params=["clamd", "clamscan"])
def scanner(request, eicar_database) -> VirusScanner:
    if request.param == "clamd":
        process = request.getfixturevalue("clamd_process")
        return VirusScanner(socket_path=process.socket_path)
    return VirusScanner(database=eicar_database)


def test_eicar_is_found(scanner, eicar_bytes):
    result = scanner.scan_bytes(eicar_bytes)
    assert result.verdict is Verdict.INFECTED
    assert result.signature.startswith("Eicar-Test-Signature")
    assert result.engine == scanner.engine


def test_eicar_inside_a_jpeg_sized_blob_is_found(scanner, eicar_bytes):
    blob = jpeg_sized_blob(eicar_bytes)
    assert len(blob) > 200_000
    assert scanner.scan_bytes(blob).infected


def test_eicar_inside_a_pdf_is_found(scanner, eicar_bytes):
    document = pdf_with(eicar_bytes)
    assert document.startswith(b"%PDF")
    assert scanner.scan_bytes(document).infected


def test_clean_files_pass(scanner, tmp_path):
    blob = jpeg_sized_blob()
    assert scanner.scan_bytes(blob).verdict is Verdict.CLEAN
    path = tmp_path / "card.jpg"
    path.write_bytes(blob)
    result = scanner.scan_file(path)
    assert result.clean and result.signature is None


def test_scan_file_finds_eicar_in_a_file(scanner, tmp_path, eicar_bytes):
    path = tmp_path / "upload.pdf"
    path.write_bytes(pdf_with(eicar_bytes))
    assert scanner.scan_file(path).infected


def test_result_serialises_for_validation_result(clamd_process, eicar_bytes):
    data = clamd_process.scanner().scan_bytes(eicar_bytes).as_dict()
    assert data["verdict"] == "infected" and data["engine"] == "clamd"
    assert data["signature"].startswith("Eicar-Test-Signature")


def test_missing_socket_is_unavailable_and_transient(tmp_path):
    scanner = VirusScanner(socket_path=tmp_path / "no-such.sock")
    result = scanner.scan_bytes(b"hello")
    assert result.verdict is Verdict.UNAVAILABLE
    with pytest.raises(ScannerUnavailable) as caught:
        result.raise_if_unavailable()
    assert isinstance(caught.value, TransientKycError)


def test_clamscan_without_any_database_is_unavailable(tmp_path):
    empty = tmp_path / "empty-db"
    empty.mkdir()
    result = VirusScanner(database=empty).scan_bytes(b"hello")
    assert result.unavailable
    assert "exit 2" in result.detail


def test_missing_clamscan_is_unavailable():
    result = VirusScanner(clamscan_path="no-such-clamscan").scan_bytes(b"hello")
    assert result.unavailable and "not installed" in result.detail


def test_stopped_daemon_becomes_unavailable(eicar_database, eicar_bytes):
    process = ClamdProcess(eicar_database).start()
    scanner = process.scanner()
    assert scanner.ping()
    assert scanner.scan_bytes(eicar_bytes).infected
    socket_path = process.socket_path
    process.stop()
    assert not socket_path.exists()
    assert scanner.scan_bytes(eicar_bytes).unavailable


def test_daemon_starts_quickly_and_scans_in_milliseconds(clamd_process, eicar_bytes):
    assert clamd_process.start_ms < 5000
    scanner = clamd_process.scanner()
    started = time.perf_counter()
    for _ in range(20):
        assert scanner.scan_bytes(eicar_bytes).infected
    per_scan_ms = (time.perf_counter() - started) * 1000 / 20
    assert per_scan_ms < 100


def test_daemon_without_signature_folder_raises(tmp_path):
    with pytest.raises(ScannerUnavailable):
        ClamdProcess(tmp_path / "missing").start()


def test_scanner_configured_from_environment(clamd_process, eicar_bytes):
    scanner = VirusScanner.from_env({"SMARTBANK_CLAMD_SOCKET": str(clamd_process.socket_path)})
    assert scanner.engine == "clamd"
    assert scan_bytes(eicar_bytes, scanner).infected
    assert VirusScanner.from_env({}).engine == "clamscan"


def test_signature_database_rejects_bad_names(tmp_path):
    with pytest.raises(ValueError):
        write_body_signature_database(tmp_path, {"bad:name": b"x"})
    path = write_body_signature_database(tmp_path, {"Sample": b"AB"})
    assert path.read_text() == "Sample:0:*:4142\n"
