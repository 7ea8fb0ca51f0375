import pytest

from smartbank_desktop.voice.nlu import INTENTS, IntentParser

PAYEES = ["Ramesh Kumar", "Ramesh Gupta", "Sita Devi", "Anil Mehta"]


@pytest.fixture(scope="module")
def english():
    return IntentParser("en", PAYEES)


@pytest.fixture(scope="module")
def hindi():
    return IntentParser("hi", PAYEES)


@pytest.mark.parametrize(
    "text, intent, slots",
    [
        ("what is my balance", "check_balance", {}),
        ("How much money do I have?", "check_balance", {}),
        ("send 2,500 rupees to Ramesh Kumar", "transfer_money", {"amount": 2500, "payee": "Ramesh Kumar"}),
        ("please pay Sita 500 rs", "transfer_money", {"amount": 500, "payee": "Sita Devi"}),
        ("transfer one and a half lakh to anil", "transfer_money", {"amount": 150000, "payee": "Anil Mehta"}),
        ("give five hundred to sita devi", "transfer_money", {"amount": 500, "payee": "Sita Devi"}),
        ("I want to send money", "transfer_money", {}),
        ("show my recent transactions", "transaction_history", {}),
        ("read my passbook", "transaction_history", {}),
        ("open a fixed deposit", "request_account", {"account_type": "fd"}),
        ("I would like to open a new current account", "request_account", {"account_type": "current"}),
        ("i want a new savings account", "request_account", {"account_type": "savings"}),
        ("open an account", "request_account", {}),
        ("what is my KYC status", "kyc_status", {}),
        ("help", "help", {}),
        ("what can you do", "help", {}),
        ("say that again", "repeat", {}),
        ("cancel", "cancel", {}),
        ("never mind", "cancel", {}),
        ("yes", "yes", {}),
        ("haan", "yes", {}),
        ("go ahead", "yes", {}),
        ("no", "no", {}),
        ("nahin", "no", {}),
        ("log out", "logout", {}),
        ("goodbye", "logout", {}),
        ("my otp is 1 2 3 4 5 6", "digits", {"digits": "123456"}),
        ("four seven one nine zero two", "digits", {"digits": "471902"}),
        ("what is the weather in delhi", "none", {}),
    ],
)
def test_english_intents_and_slots(english, text, intent, slots):
    result = english.parse(text)
    assert (result.intent, result.slots) == (intent, slots)
    assert result.intent in INTENTS


@pytest.mark.parametrize(
    "text, intent, slots",
    [
        ("मेरा बैलेंस कितना है", "check_balance", {}),
        ("रमेश कुमार को पांच सौ रुपये भेज दो", "transfer_money", {"amount": 500, "payee": "Ramesh Kumar"}),
        ("सीता को डेढ़ लाख रुपये भेजो", "transfer_money", {"amount": 150000, "payee": "Sita Devi"}),
        ("दो हज़ार रुपये अनिल को भेजो", "transfer_money", {"amount": 2000, "payee": "Anil Mehta"}),
        ("लेन देन दिखाओ", "transaction_history", {}),
        ("बचत खाता खोलना है", "request_account", {"account_type": "savings"}),
        ("एफडी खुलवाना है", "request_account", {"account_type": "fd"}),
        ("केवाईसी स्टेटस बताओ", "kyc_status", {}),
        ("मदद चाहिए", "help", {}),
        ("दोबारा बोलिए", "repeat", {}),
        ("रद्द करो", "cancel", {}),
        ("हाँ", "yes", {}),
        ("हां", "yes", {}),
        ("नहीं", "no", {}),
        ("लॉग आउट करो", "logout", {}),
        ("मेरा ओटीपी एक दो तीन चार पाँच छह है", "digits", {"digits": "123456"}),
    ],
)
def test_hindi_intents_and_slots(hindi, text, intent, slots):
    result = hindi.parse(text)
    assert (result.intent, result.slots) == (intent, slots)


def test_ambiguous_payee_is_reported_not_guessed(english):
    result = english.parse("send 300 rupees to ramesh")
    assert result.intent == "transfer_money"
    assert result.slots == {"amount": 300}
    assert result.payee_ambiguous
    assert {p.name for p in result.payee_candidates} == {"Ramesh Kumar", "Ramesh Gupta"}


def test_unknown_payee_keeps_the_spoken_name(english):
    result = english.parse("send 300 rupees to the moon")
    assert result.intent == "transfer_money" and "payee" not in result.slots
    assert result.payee_spoken == "the moon" and not result.payee_ambiguous


def test_fraction_of_a_rupee_is_not_an_amount(english):
    result = english.parse("send 1.25 rupees to sita")
    assert result.intent == "transfer_money" and "amount" not in result.slots


def test_near_miss_gives_a_guess_to_confirm(english):
    result = english.parse("chek my balanse")
    assert result.intent == "none" and result.guess == "check_balance"
    assert english.parse("what is the weather").guess is None


def test_json_contract(english):
    obj = english.parse("send 500 to sita").to_json(ms=1.234)
    assert obj == {"file": None, "text": "send 500 to sita", "intent": "transfer_money",
                   "slots": {"amount": 500, "payee": "Sita Devi"}, "engine": None, "ms": 1.2}
