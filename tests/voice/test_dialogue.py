import re

import pytest

from smartbank_desktop.core.bank import Payee
from smartbank_desktop.core.kyc import KycStatus
from smartbank_desktop.core.refusals import Code
from smartbank_desktop.voice.dialogue import MAX_SILENCES, Dialogue
from smartbank_desktop.voice.dialogue_state import Action, Expecting, Task
from smartbank_desktop.voice.events import EventKind
from tests.support.memory_bank import InMemoryBank


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
    assert reply.action == Action.BALANCE and reply.balance_paise == 50_000_00


def test_transfer_is_read_back_and_needs_an_explicit_yes(bank):
    d = Dialogue(bank)
    confirm = d.handle_text("send 2,500 rupees to sita devi")
    assert confirm.expecting == Expecting.CONFIRM
    assert "two thousand five hundred rupees" in confirm.text
    assert "Sita Devi" in confirm.text and "ending 9 0 1 2" in confirm.text
    assert d.state.task == Task.TRANSFER and d.state.amount_paise == 2500_00 and d.state.payee.name == "Sita Devi"
    assert bank.transfers == []
    # Anything but yes/no is not taken as consent.
    assert d.handle_text("what").expecting == "confirm"
    assert d.handle_text("ok maybe later ramesh").expecting == "confirm"
    assert bank.transfers == []
    done = d.handle_text("yes")
    assert done.action == Action.TRANSFER and done.receipt.amount_paise == 2500_00
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
    assert ask_payee.expecting == "payee" and d.state.amount_paise == 1500_00
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
    assert step_up.expecting == "otp" and step_up.refusal == Code.STEP_UP_REQUIRED
    assert step_up.text.startswith("Be careful: the bank will never ask you to send money")
    assert step_up.text.endswith("For your safety, please say the six digits from your phone.")
    assert step_up.warning.startswith("Be careful")
    assert d.handle_text("one two three").expecting == "otp"  # not six digits
    assert bank.transfers == []
    done = d.handle_text("four eight two nine one three")
    assert done.action == "transfer"
    assert bank.transfers == [("Sita Devi", 30_000_00)]


def test_wrong_passcode_is_asked_again_and_nothing_moves(bank):
    d = Dialogue(bank)
    talk(d, "send 30,000 rupees to sita devi", "yes")
    again = d.handle_text("1 1 1 1 1 1")
    assert again.expecting == "otp" and again.refusal == Code.WRONG_PASSCODE
    assert again.text.startswith("That passcode is not right.")
    assert bank.transfers == []
    assert d.give_passcode("482913").action == Action.TRANSFER
    assert bank.transfers == [("Sita Devi", 30_000_00)]


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
    confirm = d.handle_text("current")
    assert confirm.expecting == "confirm" and "current account" in confirm.text
    assert len(bank.accounts()) == 1
    done = d.handle_text("yes")
    assert done.action == Action.OPEN_ACCOUNT and [a.type for a in bank.accounts()] == ["savings", "current"]
    assert done.text.startswith("Your new current account is open. Its number ends in ")


def test_a_fixed_deposit_is_sent_to_the_screen(bank):
    reply = Dialogue(bank).handle_text("open a fixed deposit")
    assert reply.refusal == Code.FD_NEEDS_DETAILS and "Accounts screen" in reply.text
    assert len(bank.accounts()) == 1


def test_kyc_before_verification_is_said_plainly():
    bank = InMemoryBank(kyc=KycStatus.MANUAL_REVIEW)
    d = Dialogue(bank)
    assert "member of staff" in d.handle_text("what is my kyc status").text
    talk(d, "open a savings account")
    refused = d.handle_text("yes")
    assert refused.refusal == Code.KYC_NOT_VERIFIED and "verified" in refused.text


def test_history_and_kyc(bank):
    d = Dialogue(bank)
    history = d.handle_text("show my transactions")
    assert history.action == Action.HISTORY and len(history.history) == 2
    assert "1 November, fifteen thousand rupees received from Pension credit." in history.text
    assert d.handle_text("what is my kyc status").text == "Your KYC is complete and approved."


def test_not_enough_money_is_explained(bank):
    d = Dialogue(bank)
    talk(d, "send 20,000 rupees to sita", "yes", "send 20,000 rupees to sita", "yes")
    talk(d, "send 20,000 rupees to sita")
    failed = d.handle_text("yes")
    assert failed.refusal == Code.INSUFFICIENT_FUNDS
    assert failed.text == "The money was not sent. There is not enough money in your account. " \
                          "Your balance is ten thousand rupees."
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


def latin_words(text: str, allowed=("Sita", "Devi", "Ramesh", "Kumar", "Gupta")) -> list[str]:
    """Latin-script words in a reply, other than payee names (digits are fine in any language)."""
    return [w for w in re.findall(r"[A-Za-z]+", text) if w not in allowed]


@pytest.mark.parametrize("case", ["not enough money", "step-up", "frozen account"])
def test_hindi_refusals_are_hindi_only(case):
    bank = InMemoryBank(balance_paise=5_000_00, step_up_above_paise=1_000_00, frozen=case == "frozen account")
    d = Dialogue(bank, language="hi")
    amount = "दस हज़ार" if case == "not enough money" else "दो हज़ार"
    confirm = d.handle_text(f"सीता को {amount} रुपये भेजो")
    assert confirm.expecting == Expecting.CONFIRM and latin_words(confirm.text) == []
    refused = d.handle_text("हाँ")
    expected = {"not enough money": Code.INSUFFICIENT_FUNDS, "step-up": Code.STEP_UP_REQUIRED,
                "frozen account": Code.ACCOUNT_FROZEN}[case]
    assert refused.refusal == expected
    assert latin_words(refused.text) == [], refused.text
    assert bank.transfers == []


def test_answering_yes_twice_sends_the_money_once(bank):
    """The second "yes" (a retry, an echo) finds nothing to confirm; a replayed payment key moves nothing."""
    d = Dialogue(bank)
    talk(d, "send 600 rupees to sita")
    key_asked = d._payment_key()
    d.confirm()
    assert d.confirm().text.startswith("There is nothing to confirm")
    assert bank.transfers == [("Sita Devi", 600_00)]
    again = bank.transfer(bank.payees()[2], 600_00, idempotency_key=key_asked)
    assert again.replayed and bank.transfers == [("Sita Devi", 600_00)]


def test_a_tap_and_a_word_drive_the_same_transfer(bank):
    d = Dialogue(bank)
    sita = bank.payees()[2]
    confirm = d.send(sita, 750_00)
    assert confirm.expecting == Expecting.CONFIRM and "seven hundred fifty rupees" in confirm.text
    assert d.handle_text("yes").action == Action.TRANSFER
    d.send(sita, 100_00)
    assert d.handle_text("cancel").text.startswith("All right, I have cancelled that")
    assert bank.transfers == [("Sita Devi", 750_00)]


def test_a_payee_removed_meanwhile_is_named(bank):
    d = Dialogue(bank)
    talk(d, "send 300 rupees to sita")
    bank.remove_payee("Sita Devi")
    refused = d.confirm()
    assert refused.refusal == Code.NO_SUCH_PAYEE and "Sita Devi is no longer one of your payees." in refused.text


def test_events_reach_one_callback(bank):
    events = []
    d = Dialogue(bank, on_event=events.append)
    d.handle_text("what is my balance")
    assert [e.kind for e in events] == [EventKind.INTENT, EventKind.REPLY]
    assert events[0].intent == "check_balance"
    assert events[1].reply.text.startswith("Your balance is")


def test_an_unclear_yes_moves_nothing_and_an_unsure_hearing_is_asked_again(bank):
    from smartbank_desktop.voice.nlu import ParseResult

    d = Dialogue(bank)
    talk(d, "send 400 rupees to sita")
    unclear = d.handle_parse(ParseResult(text="yes", intent="yes", accepted=True, agreed=False))
    assert unclear.expecting == Expecting.CONFIRM and unclear.text.startswith("I did not hear that clearly")
    assert bank.transfers == []
    unsure = d.handle_parse(ParseResult(text="", intent="none", accepted=False))
    assert unsure.text.startswith("Sorry, I did not understand") and unsure.expecting == Expecting.CONFIRM
    assert d.handle_parse(ParseResult(text="yes", intent="yes", accepted=True, agreed=True)).action == Action.TRANSFER
    assert bank.transfers == [("Sita Devi", 400_00)]
