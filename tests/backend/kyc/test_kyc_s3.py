"""Documents in S3-compatible storage: a real S3 server (moto in server mode on 127.0.0.1), the real API,
a real Celery worker and the staff case page; the bucket holds only ciphertext, private objects, no leftovers."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import storages
from django.core.management import call_command

from smartbank_desktop.backend.customers.models import Document
from smartbank_desktop.backend.kyc.models import KycCase
from smartbank_desktop.backend.kyc.worker import WorkerProcess
from smartbank_desktop.backend.storage import EncryptedStorage, s3_options
from tests.support.s3_server import MotoServer

from ..factories import registration_fields
from .conftest import worker_env
from .e2e import upload, wait_for_decision

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BUCKET = "smartbank-test-documents"
MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"%PDF", b"GIF8", b"RIFF")


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    with MotoServer(tmp_path_factory.mktemp("s3") / "moto.log") as server:
        yield server


@pytest.fixture(scope="module")
def s3_documents(s3, django_db_blocker):
    """This process's documents storage on the S3 server for the module (the worker gets the same by its
    environment): the settings' own S3 options, with the server's credentials passed directly."""
    env = s3.environment(BUCKET)
    options = {**s3_options(env), "access_key": env["AWS_ACCESS_KEY_ID"], "secret_key": env["AWS_SECRET_ACCESS_KEY"]}
    storage = EncryptedStorage(**options)
    field = Document._meta.get_field("file")
    previous = field.storage, storages["documents"]
    field.storage, storages._storages["documents"] = storage, storage
    call_command("prepare_storage", stdout=open("/dev/null", "w"))  # creates the bucket, blocks public access
    yield env
    field.storage, storages._storages["documents"] = previous


@pytest.fixture(scope="module")
def s3_worker(s3_documents, django_db_setup, django_db_blocker, eicar_database, tmp_path_factory):
    """A real worker reading and writing the documents on the S3 server, logging JSON lines."""
    log_path = tmp_path_factory.mktemp("s3-worker") / "worker.log"
    with django_db_blocker.unblock():
        env = worker_env(eicar_database, SMARTBANK_LOG_FORMAT="json", **s3_documents)
    worker = WorkerProcess(env=env, log_path=log_path)
    worker.start()
    yield worker
    worker.stop()


def test_registration_kyc_and_the_case_page_work_with_documents_in_s3(api, client, django_user_model, s3,
                                                                      s3_worker, people):
    details = people["details"]
    fields = registration_fields(full_name=details.name, date_of_birth=details.date_of_birth.isoformat(),
                                 aadhaar_number=details.number)
    request_id = f"s3-test-{uuid.uuid4().hex[:12]}"
    response = api.post("/api/v1/registrations/", {**fields, "aadhaar_card": upload("card.png", people["card"]),
                                                    "selfie": upload("me.jpg", people["selfie"])},
                        format="multipart", headers={"X-Request-ID": request_id})
    assert response.status_code == 201, response.content
    assert response["X-Request-ID"] == request_id
    registration_id = response.json()["registration_id"]
    assert wait_for_decision(api, registration_id)["status"] == "VERIFIED"

    # The bucket holds exactly the customer's documents (the unmasked card is gone), each one ciphertext.
    documents = list(Document.objects.filter(customer_id=registration_id))
    stored = s3.objects(BUCKET)
    assert set(stored) == {f"documents/{d.file.name}" for d in documents}
    assert {d.kind for d in documents} == {"AADHAAR_CARD", "SELFIE"}
    plain = [storages["documents"].read_bytes(d.file.name) for d in documents]
    secrets = [*plain, people["card"], people["selfie"], details.number.encode(),
               " ".join(re.findall("....", details.number)).encode()]
    for key, body in stored.items():
        assert body.startswith(b"SB1") and not body.startswith(MAGIC), key
        assert not any(secret in body for secret in secrets), key
        grants = s3.client().get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
        assert [g["Permission"] for g in grants] == ["FULL_CONTROL"] and grants[0]["Grantee"]["Type"] == "CanonicalUser"
    block = s3.client().get_public_access_block(Bucket=BUCKET)["PublicAccessBlockConfiguration"]
    assert all(block.values())

    # The staff case page shows both faces and sends the card, read back from the bucket through the app.
    reviewer = django_user_model.objects.create_user("s3-reviewer", password="pw-s3-reviewer-1", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="KYC reviewers"))
    client.force_login(reviewer)
    case = KycCase.objects.get(customer_id=registration_id)
    page = client.get(f"/admin/kyc/kyccase/{case.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="kyc-face"') == 2
    assert s3.url not in html and "X-Amz-" not in html  # no storage address, signed or not
    card = next(d for d in documents if d.kind == "AADHAAR_CARD")
    sent = client.get(f"/admin/kyc/kyccase/{case.pk}/document/{card.pk}/")
    assert sent.status_code == 200 and sent["Content-Disposition"].startswith("attachment;")
    assert sent.content == storages["documents"].read_bytes(card.file.name)
    face = client.get(f"/admin/kyc/kyccase/{case.pk}/document/{card.pk}/face/")
    assert face.status_code == 200 and face.content.startswith(MAGIC)

    # The worker's JSON log lines of this case carry the registration's request id.
    lines = [json.loads(line) for line in s3_worker.log_path.read_text().splitlines() if line.startswith("{")]
    mine = [line for line in lines if line.get("request_id") == request_id]
    assert {"task kyc.process_kyc_for_profile started", "task kyc.process_kyc_for_profile ended: SUCCESS"} <= {
        line["message"] for line in mine}
    assert all(line.get("task_id") for line in mine)
