"""Builders for test customers, documents and accounts, through the real services."""

from __future__ import annotations

import io
import itertools
from datetime import date

from PIL import Image, ImageDraw
from stdnum import verhoeff

from smartbank_desktop.backend.banking import services as banking
from smartbank_desktop.backend.customers import services as customers
from smartbank_desktop.backend.customers.models import Customer, DocumentKind, KycStatus
from smartbank_desktop.backend.kyc import submission
from smartbank_desktop.backend.uploads import check_upload
from smartbank_desktop.core.phone import normalise_mobile

_serial = itertools.count(1)


def aadhaar_number(seed: int) -> str:
    body = f"{2000_0000_000 + seed * 7919:011d}"[:11]
    return body + verhoeff.calc_check_digit(body)


def image_bytes(kind: str = "JPEG", size=(640, 480), colour=(200, 170, 150)) -> bytes:
    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).ellipse((200, 100, 440, 400), fill=(150, 110, 90))
    buffer = io.BytesIO()
    image.save(buffer, kind)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (850, 540), (240, 240, 240)).save(buffer, "PDF")
    return buffer.getvalue()


def registration_fields(n: int | None = None, **overrides) -> dict:
    n = next(_serial) if n is None else n
    fields = {
        "full_name": f"Kamala Devi {n}",
        "email": f"kamala{n}@example.in",
        "mobile": f"98{n:08d}",
        "date_of_birth": "1950-04-12",
        "aadhaar_number": aadhaar_number(n),
        "address": "12 Gandhi Road, Pune 411001",
        "pin": "4826",
    }
    fields.update(overrides)
    return fields


class _Upload(io.BytesIO):
    def __init__(self, content: bytes):
        super().__init__(content)
        self.size = len(content)


def make_customer(kyc_status: str = KycStatus.VERIFIED, **overrides) -> Customer:
    """A registered customer (real service, real encrypted documents) with a given KYC status."""
    fields = registration_fields(**overrides)
    data = {**fields, "date_of_birth": date.fromisoformat(fields["date_of_birth"]),
            "mobile": normalise_mobile(fields["mobile"])}
    documents = {
        DocumentKind.AADHAAR_CARD: check_upload(_Upload(image_bytes()), allowed=("image/jpeg",), label="card"),
        DocumentKind.SELFIE: check_upload(_Upload(image_bytes()), allowed=("image/jpeg",), label="selfie"),
    }
    customer = submission.register(data, documents)
    if kyc_status != KycStatus.PENDING:
        customer = customers.set_kyc_status(customer, kyc_status, reason="test set-up")
    customer.pin = fields["pin"]
    return customer


def make_account(customer: Customer, account_type: str = "savings", balance_paise: int | None = None):
    """Open an account, topped up by a cash deposit to ``balance_paise``."""
    account = banking.open_account(customer, account_type)
    if balance_paise is not None and balance_paise > account.balance_paise:
        banking.deposit_cash(account, balance_paise - account.balance_paise, note="test set-up")
        account.refresh_from_db()
    return account
