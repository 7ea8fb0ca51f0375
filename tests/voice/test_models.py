import hashlib
import io
import json
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from smartbank_desktop.cli import main
from smartbank_desktop.voice.models import ModelError, ModelManager


def build_model_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("tiny-model/am/final.mdl", b"acoustic model " * 2000)
        zf.writestr("tiny-model/conf/model.conf", "--sample-frequency=16000\n")
        zf.writestr("tiny-model/graph/words.txt", "hello 1\n")
    return buffer.getvalue()


class ModelServer:
    """Serves one file on 127.0.0.1 with HTTP Range support; can cut the first response short."""

    def __init__(self, payload: bytes):
        self.payload = payload
        self.cut_after: int | None = None
        self.range_headers: list[str | None] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.range_headers.append(self.headers.get("Range"))
                start = 0
                if self.headers.get("Range"):
                    start = int(self.headers["Range"].split("=")[1].split("-")[0])
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(server.payload) - 1}/{len(server.payload)}")
                else:
                    self.send_response(200)
                body = server.payload[start:]
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if server.cut_after is not None:
                    self.wfile.write(body[: server.cut_after])
                    self.wfile.flush()
                    server.cut_after = None
                    self.connection.shutdown(2)  # the connection drops mid-download
                    return
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/tiny-model.zip"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def payload():
    return build_model_zip()


@pytest.fixture
def server(payload):
    s = ModelServer(payload)
    yield s
    s.close()


def write_manifest(folder, url, payload, sha256=None):
    manifest = {"models": [{
        "name": "tiny-model", "language": "xx", "url": url, "size": len(payload),
        "sha256": sha256 if sha256 is not None else hashlib.sha256(payload).hexdigest(), "licence": "Apache-2.0",
    }]}
    (folder / "manifest.json").write_text(json.dumps(manifest))


def test_download_checks_and_unpacks_with_progress(tmp_path, server, payload):
    write_manifest(tmp_path, server.url, payload)
    manager = ModelManager(tmp_path)
    seen = []
    path = manager.download("tiny-model", progress=lambda done, total: seen.append((done, total)))
    assert path == tmp_path / "tiny-model"
    assert (path / "am" / "final.mdl").read_bytes().startswith(b"acoustic model")
    assert manager.is_installed("tiny-model")
    assert manager.installed_model_for_language("xx") == path
    assert seen[-1] == (len(payload), len(payload)) and seen[0][0] < len(payload)
    assert manager.verify("tiny-model")["status"] == "ok"


def test_interrupted_download_resumes_with_a_range_request(tmp_path, server, payload):
    write_manifest(tmp_path, server.url, payload)
    manager = ModelManager(tmp_path)
    server.cut_after = len(payload) // 3
    with pytest.raises(ModelError, match="run the same command again"):
        manager.download("tiny-model")
    part = manager.archive_path(manager.entry("tiny-model")).with_suffix(".zip.part")
    assert 0 < part.stat().st_size < len(payload)
    manager.download("tiny-model")
    assert server.range_headers[-1] == f"bytes={len(payload) // 3}-"
    assert manager.is_installed("tiny-model")


def test_wrong_hash_is_refused_and_nothing_is_unpacked(tmp_path, server, payload):
    write_manifest(tmp_path, server.url, payload, sha256="0" * 64)
    manager = ModelManager(tmp_path)
    with pytest.raises(ModelError, match="SHA-256"):
        manager.download("tiny-model")
    assert not manager.is_installed("tiny-model")


def test_corrupted_archive_is_reported_by_verify(tmp_path, server, payload):
    write_manifest(tmp_path, server.url, payload)
    manager = ModelManager(tmp_path)
    manager.download("tiny-model")
    archive = manager.archive_path(manager.entry("tiny-model"))
    data = bytearray(archive.read_bytes())
    data[100] ^= 0xFF
    archive.write_bytes(bytes(data))
    assert manager.verify("tiny-model")["status"] == "corrupt"


def test_models_commands(tmp_path, server, payload, capsys, monkeypatch):
    write_manifest(tmp_path, server.url, payload)
    monkeypatch.setenv("SMARTBANK_MODELS_DIR", str(tmp_path))
    assert main(["models", "list", "--json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["name"], row["installed"]) == ("tiny-model", False)
    assert main(["models", "download", "tiny-model"]) == 0
    err = capsys.readouterr().err
    assert "100%" in err and "installed in" in err
    assert main(["models", "verify", "tiny-model", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "ok"
    assert main(["models", "download", "no-such-model"]) == 2
    assert "no model called" in capsys.readouterr().err


def test_project_manifest_lists_the_three_vosk_models():
    names = {e.name: e for e in ModelManager().entries()}
    assert {"vosk-model-small-en-in-0.4", "vosk-model-small-hi-0.22", "vosk-model-small-en-us-0.15"} <= set(names)
    for entry in names.values():
        assert entry.url.startswith("https://") and entry.size > 10_000_000
        assert entry.sha256 or entry.md5
        assert entry.licence
