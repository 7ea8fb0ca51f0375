"""How ``smartbank worker`` sets up virus scanning: its own clamd, clamscan, or nothing to scan with."""

from __future__ import annotations

from smartbank_desktop.backend.kyc.virus_scan import DATABASE_ENV, SOCKET_ENV, VirusScanner
from smartbank_desktop.backend.kyc.worker import has_signatures, prepare_virus_scanner


def test_private_clamd_is_started_on_the_signature_folder(eicar_database, eicar_bytes):
    environ = {DATABASE_ENV: str(eicar_database)}
    clamd = prepare_virus_scanner(environ)
    try:
        assert clamd is not None and environ[SOCKET_ENV] == str(clamd.socket_path)
        scanner = VirusScanner.from_env(environ)
        assert scanner.engine == "clamd"
        assert scanner.scan_bytes(b"a harmless page" + eicar_bytes).infected
        assert scanner.scan_bytes(b"a harmless page").clean
    finally:
        clamd.stop()


def test_without_clamd_it_falls_back_to_clamscan(eicar_database, eicar_bytes):
    environ = {DATABASE_ENV: str(eicar_database)}
    assert prepare_virus_scanner(environ, start_clamd=False) is None
    scanner = VirusScanner.from_env(environ)
    assert scanner.engine == "clamscan" and SOCKET_ENV not in environ
    assert scanner.scan_bytes(eicar_bytes).infected


def test_a_configured_daemon_is_used_as_it_is(clamd_process):
    environ = {SOCKET_ENV: str(clamd_process.socket_path)}
    assert prepare_virus_scanner(environ) is None
    assert environ == {SOCKET_ENV: str(clamd_process.socket_path)}


def test_with_no_signatures_every_scan_is_unavailable(tmp_path):
    environ = {DATABASE_ENV: str(tmp_path)}
    assert not has_signatures(tmp_path)
    assert prepare_virus_scanner(environ) is None and SOCKET_ENV not in environ
    assert VirusScanner.from_env(environ).scan_bytes(b"anything").unavailable
