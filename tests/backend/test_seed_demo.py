"""``seed_demo`` goes through the services: demo customers are verified at the branch (a staff decision the
KYC worker then leaves alone) and their payees are branch-verified (no cooling-off)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from smartbank_desktop.backend.audit.models import AuditEvent
from smartbank_desktop.backend.banking.models import Payee
from smartbank_desktop.backend.customers.models import Customer
from smartbank_desktop.backend.kyc import leases
from smartbank_desktop.backend.kyc.models import KycCase
from smartbank_desktop.core.kyc import KycStatus

pytestmark = pytest.mark.django_db


def test_demo_customers_stay_verified_when_the_worker_comes(settings):
    out = StringIO()
    call_command("seed_demo", "--customers", "2", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert len(rows) == 2
    for customer in Customer.objects.all():
        case = KycCase.objects.get(customer=customer)
        assert customer.kyc_status == case.status == KycStatus.VERIFIED and not case.decided_automatically
        assert leases.claim(customer.pk, "a-worker-task") is None  # the queued check finds nothing to do
        customer.refresh_from_db()
        assert customer.kyc_status == KycStatus.VERIFIED
    assert AuditEvent.objects.filter(action="kyc.verify_in_branch").count() == 2
    assert Payee.objects.count() == 2 and all(p.verified_in_branch for p in Payee.objects.all())
