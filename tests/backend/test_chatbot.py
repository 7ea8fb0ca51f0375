"""POST /api/chatbot/command/: the assistant's dialogue over the API, against the real bank."""

from __future__ import annotations

import time
from datetime import timedelta

import pyotp
import pytest
from django.utils import timezone

from smartbank_desktop.backend.banking.models import Account, Payee, Transfer

from .factories import make_account, make_customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client_for):
    me = make_customer(full_name="Kamala Devi")
    account = make_account(me, balance_paise=50_000_00)
    people = {}
    for name in ("Ramesh Kumar", "Sita Devi", "Suresh Kumar"):
        other = make_customer(full_name=name)
        people[name] = make_account(other)
        Payee.objects.create(customer=me, name=name, account=people[name])
    Payee.objects.update(added_at=timezone.now() - timedelta(days=5))
    return client_for(me), me, account, people


def say(client, text, conversation=None):
    body = {"text": text, **({"conversation_id": conversation} if conversation else {})}
    response = client.post("/api/chatbot/command/", body, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_balance_is_read_out_in_words(setup):
    client, _, _, _ = setup
    answer = say(client, "what is my balance")
    assert answer["intent"] == "check_balance"
    assert "fifty thousand" in answer["reply"].lower()


def test_send_money_asks_confirms_and_moves_money_only_after_yes(setup):
    client, _, account, people = setup
    first = say(client, "send money to Sita Devi")
    assert first["intent"] == "transfer_money" and first["expecting"] == "amount"
    conversation = first["conversation_id"]
    second = say(client, "two thousand five hundred rupees", conversation)
    assert second["expecting"] == "confirm"
    assert "two thousand five hundred" in second["reply"].lower() and "Sita Devi" in second["reply"]
    assert Account.objects.get(pk=account.pk).balance_paise == 50_000_00  # nothing yet
    done = say(client, "yes", conversation)
    assert Account.objects.get(pk=account.pk).balance_paise == 47_500_00
    assert Account.objects.get(pk=people["Sita Devi"].pk).balance_paise == 1_000_00 + 2_500_00
    assert Transfer.objects.filter(kind="transfer").count() == 1 and done["expecting"] is None


def test_cancel_and_no_move_nothing(setup):
    client, _, account, _ = setup
    first = say(client, "send 500 rupees to Ramesh Kumar")
    assert first["expecting"] == "confirm"
    no = say(client, "no", first["conversation_id"])
    assert no["expecting"] != "confirm"
    again = say(client, "send 500 rupees to Ramesh Kumar")
    say(client, "cancel", again["conversation_id"])
    assert Account.objects.get(pk=account.pk).balance_paise == 50_000_00


def test_two_close_names_are_asked_about(setup):
    client, _, _, _ = setup
    answer = say(client, "send 300 rupees to Kumar")
    assert answer["expecting"] == "choice"
    assert "Ramesh Kumar" in answer["reply"] and "Suresh Kumar" in answer["reply"]


def test_large_transfer_needs_the_spoken_passcode(setup):
    client, me, account, people = setup
    secret = client.post("/api/auth/otp/setup/").json()["secret"]
    totp = pyotp.TOTP(secret)
    assert client.post("/api/auth/otp/confirm/", {"code": totp.now()}, format="json").status_code == 204
    first = say(client, "send twenty thousand rupees to Ramesh Kumar")
    conversation = first["conversation_id"]
    asked = say(client, "yes", conversation)
    assert asked["expecting"] == "otp" and "six digits" in asked["reply"]
    code = totp.at(time.time() + 30)
    done = say(client, " ".join(code), conversation)
    assert Account.objects.get(pk=account.pk).balance_paise == 30_000_00, done
    assert Account.objects.get(pk=people["Ramesh Kumar"].pk).balance_paise == 21_000_00


def test_nonsense_gets_help_not_an_error(setup):
    client, _, _, _ = setup
    answer = say(client, "purple elephants dancing")
    assert answer["intent"] in (None, "none") and answer["reply"]


def test_conversations_belong_to_their_customer(setup, client_for):
    client, _, _, _ = setup
    first = say(client, "send money to Sita Devi")
    outsider = make_customer()
    make_account(outsider)
    stranger = client_for(outsider)
    other = stranger.post("/api/chatbot/command/", {"text": "five hundred", "conversation_id":
                                                    first["conversation_id"]}, format="json").json()
    assert other["expecting"] != "confirm"  # the stranger does not continue Kamala's transfer


def test_a_yes_sent_again_gets_the_first_reply(setup):
    client, _, account, _ = setup
    asked = say(client, "send 500 rupees to Ramesh Kumar")
    done = say(client, "yes", asked["conversation_id"])
    again = say(client, "yes", asked["conversation_id"])  # a client retrying, its first answer lost
    assert again == done and "Done" in done["reply"]
    assert Transfer.objects.filter(kind="transfer").count() == 1
    assert Account.objects.get(pk=account.pk).balance_paise == 49_500_00


def test_an_ended_conversation_continues_under_a_new_id_and_pays_anew(setup):
    client, _, account, _ = setup
    asked = say(client, "send 100 rupees to Ramesh Kumar")
    conversation = asked["conversation_id"]
    say(client, "yes", conversation)
    say(client, "", conversation)
    assert say(client, "", conversation)["end_session"]  # two silences: goodbye
    again = say(client, "send 100 rupees to Ramesh Kumar", conversation)
    assert again["conversation_id"] != conversation
    say(client, "yes", again["conversation_id"])
    # The same payment asked for again is a new one, not the replay of the first.
    assert Transfer.objects.filter(kind="transfer").count() == 2
    assert Account.objects.get(pk=account.pk).balance_paise == 49_800_00
