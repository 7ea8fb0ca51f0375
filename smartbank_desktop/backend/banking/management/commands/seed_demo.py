"""``smartbank manage seed_demo``: demo customers with verified KYC, accounts and payees.

For trying the app at home or at a branch training desk, for screenshots and
for benchmarks. It refuses to run on a database that holds real customers.
"""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from PIL import Image
from stdnum import verhoeff

from smartbank_desktop.backend.banking import services as banking
from smartbank_desktop.backend.customers.models import Customer, DocumentKind
from smartbank_desktop.backend.kyc import review, submission
from smartbank_desktop.backend.uploads import CheckedUpload

DEMO_NAMES = ["Kamala Devi", "Ramesh Kumar", "Sita Devi", "Mohan Lal", "Lakshmi Narayanan", "Abdul Rahman",
              "Gurpreet Kaur", "Joseph Mathew"]
# Beyond the names above, demo customers get names that do not sound like one another, so the
# assistant never has to ask which of two near-identical payees was meant.
MORE_FIRST_NAMES = ["Anand", "Bhavna", "Chitra", "Dinesh", "Farida", "Harish", "Indira", "Jagdish", "Kavita",
                    "Mahesh", "Nirmala", "Omprakash", "Pushpa", "Rajendra", "Savitri", "Tarun", "Usha", "Vinod"]
MORE_SURNAMES = ["Agarwal", "Bose", "Chatterjee", "Desai", "Iyer", "Joshi", "Menon", "Nair", "Pillai", "Rao",
                 "Shetty", "Trivedi"]


def demo_name(i: int) -> str:
    if i < len(DEMO_NAMES):
        return DEMO_NAMES[i]
    n = i - len(DEMO_NAMES)
    first = MORE_FIRST_NAMES[n % len(MORE_FIRST_NAMES)]
    surname = MORE_SURNAMES[(n + n // len(MORE_FIRST_NAMES)) % len(MORE_SURNAMES)]
    return f"{first} {surname}" + ("" if n < len(MORE_FIRST_NAMES) * len(MORE_SURNAMES) else f" {n}")
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
        parser.add_argument("--payees", type=int, default=0, dest="payee_count",
                            help="payees per customer: the first N other demo customers (default: all of them)")

    def handle(self, *args, count: int, balance: int, as_json: bool, payee_count: int, **options):
        real = Customer.objects.exclude(email__endswith=DEMO_EMAIL_DOMAIN)
        if real.exists():
            raise CommandError("This database holds real customers; demo customers are not added to it.")
        made = []
        start = Customer.objects.count()
        for i in range(start, start + count):
            name = demo_name(i)
            body = f"{30000000000 + i * 104729:011d}"
            data = {"full_name": name, "email": f"customer{i}@{DEMO_EMAIL_DOMAIN}", "mobile": f"+9170{i:08d}",
                    "date_of_birth": date(1948, 1, 1) + timedelta(days=97 * i), "address": "Demo address, Pune",
                    "aadhaar_number": body + verhoeff.calc_check_digit(body), "pin": DEMO_PIN}
            documents = {DocumentKind.AADHAAR_CARD: _placeholder_image(), DocumentKind.SELFIE: _placeholder_image()}
            customer = submission.register(data, documents)
            review.verify_in_branch(customer, note="Demo customer: no real identity to check.")
            customer.refresh_from_db()
            account = banking.open_account(customer, "savings")
            banking.deposit_cash(account, balance * 100 - account.balance_paise, note="demo money")
            made.append((customer, account))
        everyone = [(c, a) for c in Customer.objects.all() for a in c.accounts.filter(type="savings")]
        for customer, _ in everyone:
            saved = set(customer.payees.values_list("account_id", flat=True))
            others = [(o, a) for o, a in everyone if o.pk != customer.pk][:payee_count or None]
            for other, account in others:
                if account.pk not in saved:
                    # As if added at the branch with the customer present: no cooling-off for the demo.
                    banking.add_payee(customer, name=other.full_name, account_number=account.number,
                                      verified_in_branch=True)
        rows = [{"name": c.full_name, "mobile": c.mobile, "pin": DEMO_PIN, "account": a.number} for c, a in made]
        if as_json:
            self.stdout.write(json.dumps(rows))
        else:
            for row in rows:
                self.stdout.write(f"{row['name']}: sign in with {row['mobile']} and PIN {row['pin']}")

