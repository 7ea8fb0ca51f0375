"""A real S3-compatible server for tests: moto in server mode on 127.0.0.1, in a child process."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from smartbank_desktop.backend.topology import LOCAL_S3_CREDENTIALS, free_port


class MotoServer:
    """``python -m moto.server`` on a free port; :meth:`client` is a boto3 client for it."""

    def __init__(self, log_path, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 30) -> "MotoServer":
        with open(self.log_path, "ab") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                                             str(self.port)], stdout=out, stderr=subprocess.STDOUT,
                                            env={**os.environ, **LOCAL_S3_CREDENTIALS})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"moto stopped while starting; see {self.log_path}")
            try:
                self.client().list_buckets()
                return self
            except Exception:  # noqa: BLE001 - not listening yet
                time.sleep(0.2)
        raise RuntimeError(f"moto did not answer within {timeout} s")

    def environment(self, bucket: str) -> dict:
        """The backend's settings for documents in ``bucket`` on this server."""
        return {**LOCAL_S3_CREDENTIALS, "SMARTBANK_S3_BUCKET": bucket, "SMARTBANK_S3_ENDPOINT_URL": self.url,
                "SMARTBANK_S3_REGION": "us-east-1"}

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client("s3", endpoint_url=self.url, region_name="us-east-1",
                            aws_access_key_id=LOCAL_S3_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=LOCAL_S3_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
                            config=Config(retries={"max_attempts": 1}, connect_timeout=2))

    def objects(self, bucket: str) -> dict[str, bytes]:
        """Every object in the bucket, by key, as stored."""
        client = self.client()
        keys = [o["Key"] for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
                for o in page.get("Contents", [])]
        return {key: client.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
