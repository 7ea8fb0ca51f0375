"""``smartbank manage seed_demo``: demo customers with verified KYC, accounts and payees.

For trying the app at home or at a branch training desk, for screenshots and
for benchmarks. It refuses to run on a database that holds real customers.
"""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from PIL import Image
from stdnum import verhoeff

from smartbank_desktop.backend.banking import services as banking
from smartbank_desktop.backend.banking.models import Payee
from smartbank_desktop.backend.customers import services as customers
from smartbank_desktop.backend.customers.models import Customer, DocumentKind, KycStatus
from smartbank_desktop.backend.customers.uploads import CheckedUpload

DEMO_NAMES = ["Kamala Devi", "Ramesh Kumar", "Sita Devi", "Mohan Lal", "Lakshmi Narayanan", "Abdul Rahman",
              "Gurpreet Kaur", "Joseph Mathew"]
DEMO_EMAIL_DOMAIN = "demo.smartbank.invalid"
DEMO_PIN = "4826"


def _placeholder_image() -> CheckedUpload:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (230, 230, 230)).save(buffer, "JPEG")
    content = buffer.getvalue()
    return CheckedUpload(content, "image/jpeg", "demo", {"demo": True})


class Command(BaseCommand):
    help = "Create demo customers (verified KYC, a savings account with money, each other as payees)."

    def add_arguments(self, parser):
        parser.add_argument("--customers", type=int, default=3, dest="count")
        parser.add_argument("--balance", type=int, default=5_00_000, help="rupees in each savings account")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the demo sign-ins as JSON")

    def handle(self, *args, count: int, balance: int, as_json: bool, **options):
        real = Customer.objects.exclude(email__endswith=DEMO_EMAIL_DOMAIN)
        if real.exists():
            raise CommandError("This database holds real customers; demo customers are not added to it.")
        made = []
        start = Customer.objects.count()
        for i in range(start, start + count):
            name = DEMO_NAMES[i % len(DEMO_NAMES)] + ("" if i < len(DEMO_NAMES) else f" {i}")
            body = f"{30000000000 + i * 104729:011d}"
            data = {"full_name": name, "email": f"customer{i}@{DEMO_EMAIL_DOMAIN}", "mobile": f"+9170{i:08d}",
                    "date_of_birth": date(1948, 1, 1) + timedelta(days=97 * i), "address": "Demo address, Pune",
                    "aadhaar_number": body + verhoeff.calc_check_digit(body), "pin": DEMO_PIN}
            documents = {DocumentKind.AADHAAR_CARD: _placeholder_image(), DocumentKind.SELFIE: _placeholder_image()}
            customer = customers.register(data, documents)
            customer = customers.set_kyc_status(customer, KycStatus.VERIFIED, reason="demo customer")
            account = banking.open_account(customer, "savings")
            banking.deposit_cash(account, balance * 100 - account.balance_paise, note="demo money")
            made.append((customer, account))
        everyone = [(c, a) for c in Customer.objects.all() for a in c.accounts.filter(type="savings")]
        for customer, _ in everyone:
            for other, account in everyone:
                if other.pk != customer.pk:
                    Payee.objects.get_or_create(customer=customer, account=account, defaults={"name": other.full_name})
        Payee.objects.update(added_at=timezone.now() - timedelta(days=30))  # demo payees are long-standing
        rows = [{"name": c.full_name, "mobile": c.mobile, "pin": DEMO_PIN, "account": a.number} for c, a in made]
        if as_json:
            self.stdout.write(json.dumps(rows))
        else:
            for row in rows:
                self.stdout.write(f"{row['name']}: sign in with {row['mobile']} and PIN {row['pin']}")

