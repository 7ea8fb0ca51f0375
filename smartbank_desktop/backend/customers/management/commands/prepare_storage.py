"""``smartbank manage prepare_storage``: make the documents bucket ready (S3), or say the folder is.

Creates the bucket when it is missing, blocks every kind of public access on it where the
server supports that (AWS S3 and moto do; some S3-compatible servers answer NotImplemented,
and then their own default, private, applies), then checks that the storage answers.
Safe to run again.
"""

from __future__ import annotations

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

_BLOCK_ALL = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
              "RestrictPublicBuckets": True}


class Command(BaseCommand):
    help = "Create the documents bucket (S3) if missing, block public access on it, and check the storage."

    def handle(self, *args, **options):
        storage = storages["documents"]
        bucket = getattr(storage.inner, "bucket_name", None)
        if bucket:
            from botocore.exceptions import BotoCoreError, ClientError

            try:
                self._prepare_bucket(storage.inner, bucket)
            except (BotoCoreError, ClientError) as exc:
                raise CommandError(f"the documents bucket {bucket!r} could not be prepared: {exc}") from exc
        try:
            storage.check_ready()
        except Exception as exc:  # noqa: BLE001 - said plainly, as the command's failure
            raise CommandError(f"the documents storage does not answer: {type(exc).__name__}: {exc}") from exc
        self.stdout.write(f"documents storage ready: {'bucket ' + bucket if bucket else storage.inner.location}")

    def _prepare_bucket(self, inner, bucket: str) -> None:
        from botocore.exceptions import ClientError

        client = inner.connection.meta.client
        try:
            client.head_bucket(Bucket=bucket)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket", "NotFound"):
                raise
            region = client.meta.region_name
            extra = ({"CreateBucketConfiguration": {"LocationConstraint": region}}
                     if region and region != "us-east-1" else {})
            client.create_bucket(Bucket=bucket, ACL="private", **extra)
            self.stdout.write(f"created bucket {bucket}")
        try:
            client.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=_BLOCK_ALL)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code")
            if code not in ("NotImplemented", "XNotImplemented"):
                raise
            self.stdout.write(f"this server does not block public access per bucket ({code}); objects stay private")
