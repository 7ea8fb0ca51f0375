import pytest

from smartbank_desktop.voice.dialogue import MAX_SILENCES, Dialogue, InMemoryBank
from smartbank_desktop.voice.events import EventKind
from smartbank_desktop.voice.payees import Payee


@pytest.fixture
def bank():
    return InMemoryBank(
        balance_paise=50_000_00,
        payees=[Payee("Ramesh Kumar", "XXXX4521"), Payee("Ramesh Gupta", "XXXX7730"), Payee("Sita Devi", "XXXX9012")],
        step_up_above_paise=25_000_00,
        otp="482913",
    )


def talk(dialogue, *lines):
    return [dialogue.handle_text(line) for line in lines]


def test_balance_in_words(bank):
    reply = Dialogue(bank).handle_text("what is my balance")
    assert reply.text == "Your balance is fifty thousand rupees."
    assert reply.action == "balance"


def test_transfer_is_read_back_and_needs_an_explicit_yes(bank):
    d = Dialogue(bank)
    confirm = d.handle_text("send 2,500 rupees to sita devi")
    assert confirm.expecting == "confirm"
    assert "two thousand five hundred rupees" in confirm.text
    assert "Sita Devi" in confirm.text and "ending 9 0 1 2" in confirm.text
    assert bank.transfers == []
    # Anything but yes/no is not taken as consent.
    assert d.handle_text("what").expecting == "confirm"
    assert d.handle_text("ok maybe later ramesh").expecting == "confirm"
    assert bank.transfers == []
    done = d.handle_text("yes")
    assert done.action == "transfer"
    assert bank.transfers == [("Sita Devi", 2500_00)]
    assert bank.balance() == 47_500_00


def test_no_means_nothing_is_sent(bank):
    d = Dialogue(bank)
    talk(d, "send 700 rupees to sita")
    reply = d.handle_text("no")
    assert "will not" in reply.text
    assert bank.transfers == []
    assert d.handle_text("yes").text.startswith("There is nothing to confirm")
    assert bank.transfers == []


def test_missing_amount_and_payee_are_asked_for(bank):
    d = Dialogue(bank)
    ask_amount = d.handle_text("I want to send money")
    assert ask_amount.expecting == "amount" and "How much" in ask_amount.text
    ask_payee = d.handle_text("one and a half thousand")
    assert ask_payee.expecting == "payee"
    assert "one thousand five hundred rupees" in ask_payee.text
    confirm = d.handle_text("Sita")
    assert confirm.expecting == "confirm" and "Sita Devi" in confirm.text
    d.handle_text("haan")
    assert bank.transfers == [("Sita Devi", 1500_00)]


def test_two_close_payees_are_asked_about_and_the_amount_is_kept(bank):
    d = Dialogue(bank)
    which = d.handle_text("send 500 rupees to ramesh")
    assert which.expecting == "choice"
    assert "Ramesh Kumar" in which.text and "Ramesh Gupta" in which.text
    confirm = d.handle_text("Ramesh Gupta")
    assert confirm.expecting == "confirm"
    assert "five hundred rupees" in confirm.text and "Ramesh Gupta" in confirm.text and "7 7 3 0" in confirm.text
    d.handle_text("yes")
    assert bank.transfers == [("Ramesh Gupta", 500_00)]


def test_unknown_payee_lists_the_saved_ones(bank):
    reply = Dialogue(bank).handle_text("send 500 rupees to the moon")
    assert reply.expecting == "payee"
    assert "the moon" in reply.text and "Sita Devi" in reply.text


def test_large_transfer_asks_for_the_six_digits(bank):
    d = Dialogue(bank)
    talk(d, "send 30,000 rupees to sita devi")
    step_up = d.handle_text("yes")
    assert step_up.expecting == "otp"
    assert step_up.text == "For your safety, please say the six digits from your phone."
    assert d.handle_text("one two three").expecting == "otp"  # not six digits
    assert bank.transfers == []
    done = d.handle_text("four eight two nine one three")
    assert done.action == "transfer"
    assert bank.transfers == [("Sita Devi", 30_000_00)]


def test_wrong_passcode_is_asked_again_and_nothing_moves(bank):
    d = Dialogue(bank)
    talk(d, "send 30,000 rupees to sita devi", "yes")
    again = d.handle_text("1 1 1 1 1 1")
    assert again.expecting == "otp"
    assert bank.transfers == []


def test_cancel_anywhere(bank):
    d = Dialogue(bank)
    talk(d, "send money", "500")
    reply = d.handle_text("cancel")
    assert "cancelled" in reply.text and reply.expecting is None
    assert d.handle_text("yes").text.startswith("There is nothing to confirm")
    assert bank.transfers == []


def test_repeat_says_the_last_thing_again(bank):
    d = Dialogue(bank)
    first = d.handle_text("send 900 rupees to sita")
    again = d.handle_text("say that again")
    assert again.text == first.text and again.expecting == "confirm"
    d.handle_text("yes")
    assert bank.transfers == [("Sita Devi", 900_00)]


def test_silence_reprompts_then_ends_gently(bank):
    d = Dialogue(bank)
    question = d.handle_text("send money")
    first = d.handle_silence()
    assert first.text == question.text and not first.end_session
    for _ in range(MAX_SILENCES - 1):
        last = d.handle_silence()
    assert last.end_session and "stop listening" in last.text


def test_two_step_fallback_guess_then_rephrase_then_options(bank):
    d = Dialogue(bank)
    guess = d.handle_text("chek my balanse")
    assert guess.expecting == "guess" and "check your balance" in guess.text
    assert d.handle_text("yes").action == "balance"

    d = Dialogue(bank)
    assert "another way" in d.handle_text("purple elephants dancing").text
    options = d.handle_text("more nonsense here")
    assert options.text.startswith("You can say")


def test_declined_guess_asks_to_rephrase(bank):
    d = Dialogue(bank)
    d.handle_text("chek my balanse")
    assert "another way" in d.handle_text("no").text


def test_open_account_with_type_answer(bank):
    d = Dialogue(bank)
    assert d.handle_text("open an account").expecting == "account_type"
    confirm = d.handle_text("fixed deposit")
    assert confirm.expecting == "confirm" and "fixed deposit" in confirm.text
    assert bank.account_requests == []
    done = d.handle_text("yes")
    assert done.action == "request_account" and bank.account_requests == ["fd"]


def test_history_and_kyc(bank):
    d = Dialogue(bank)
    history = d.handle_text("show my transactions")
    assert "Pension credit" in history.text and "fifteen thousand rupees" in history.text
    assert d.handle_text("what is my kyc status").text == "Your KYC is complete and approved."


def test_not_enough_money_is_explained(bank):
    d = Dialogue(bank)
    talk(d, "send 20,000 rupees to sita", "yes", "send 20,000 rupees to sita", "yes")
    talk(d, "send 20,000 rupees to sita")
    failed = d.handle_text("yes")
    assert "not sent" in failed.text and "not enough money" in failed.text
    assert len(bank.transfers) == 2


def test_logout_ends_the_session(bank):
    assert Dialogue(bank).handle_text("log out").end_session


def test_hindi_transfer_with_confirmation(bank):
    d = Dialogue(bank, language="hi")
    confirm = d.handle_text("सीता को पाँच सौ रुपये भेजो")
    assert confirm.expecting == "confirm"
    assert "पाँच सौ रुपये" in confirm.text and "Sita Devi" in confirm.text
    assert d.handle_text("हाँ").action == "transfer"
    assert bank.transfers == [("Sita Devi", 500_00)]
    assert d.handle_text("मेरा बैलेंस कितना है").text == "आपका बैलेंस उनचास हज़ार पाँच सौ रुपये है।"


def test_events_reach_one_callback(bank):
    events = []
    d = Dialogue(bank, on_event=events.append)
    d.handle_text("what is my balance")
    assert [e.kind for e in events] == [EventKind.INTENT, EventKind.REPLY]
    assert events[0].intent == "check_balance"
    assert events[1].reply.text.startswith("Your balance is")
