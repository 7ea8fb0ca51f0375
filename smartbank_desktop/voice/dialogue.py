"""The dialogue manager: what the assistant says and asks, turn by turn. Pure: no audio, no I/O.

It takes what the parser understood (or silence, or a tap on the screen),
keeps the conversation's state (:mod:`.dialogue_state`), talks to the bank
only through the :class:`~smartbank_desktop.core.bank.Bank` contract, and
words everything from the language's catalogue (:mod:`.catalogue`). The
backend's chatbot endpoint, the desktop app and the terminal chat all drive
this one logic. Rules it keeps:

- it asks for what is missing ("How much?", "To whom?"), and which one when a
  name fits two payees;
- every money action is read back (amount in words, the payee's full name and
  the last digits of the account) and happens only after an explicit "yes";
  each read-back numbers the payment's idempotency key, so answering it twice
  never sends the money twice;
- a payment the bank wants confirmed gets the scam warning and "Please say the
  six digits from your phone";
- "repeat" and "cancel" work at any point; silence gets one re-prompt, then a
  gentle goodbye; not understanding gets a guess to confirm, then a request
  to rephrase, then the options read out; what the recognizer was unsure of is
  asked again, and a confirming "yes" counts only when it was clearly heard.

Amounts are paise everywhere here: the parser's whole rupees become paise once,
where an utterance is read (:func:`_amount_paise`).
"""

from __future__ import annotations

import uuid

from smartbank_desktop.core.bank import Bank, Payee, balance_paise
from smartbank_desktop.core.kyc import KycStatus
from smartbank_desktop.core.money import rupees
from smartbank_desktop.core.refusals import Code, Refusal, StepUpRequired, refuse
from smartbank_desktop.voice.catalogue import Catalogue, spelled, spoken_digits
from smartbank_desktop.voice.dialogue_state import Action, DialogueState, Expecting, Reply, Task
from smartbank_desktop.voice.events import EventCallback, IntentRecognized, Replied
from smartbank_desktop.voice.nlu import IntentParser, ParseResult
from smartbank_desktop.voice.numbers import parse_amount, parse_digits
from smartbank_desktop.voice.payees import match_payee

MAX_SILENCES = 2
OTP_LENGTH = 6
HISTORY_READ = 5


class Dialogue:
    """One customer's conversation: feed it ``handle_text`` / ``handle_parse`` / ``handle_silence``, or the
    taps of a screen (``confirm``, ``decline``, ``cancel``, ``give_passcode``, ``send``); each returns a Reply."""

    def __init__(self, bank: Bank, language: str = "en", on_event: EventCallback | None = None,
                 conversation_id: str | None = None):
        self.bank = bank
        self.language = language
        self.words = Catalogue(language)
        self.state = DialogueState()
        self.on_event = on_event
        self.conversation_id = conversation_id or uuid.uuid4().hex
        self._parser: IntentParser | None = None

    # ------------------------------------------------------------ entry points
    def parser(self) -> IntentParser:
        """A parser that knows the customer's current payees."""
        payees = self.bank.payees()
        if self._parser is None or self._parser.payees != payees:
            self._parser = IntentParser(self.language, payees)
        return self._parser

    def start(self) -> Reply:
        return self._say(self.words.phrase("welcome"))

    def handle_text(self, text: str) -> Reply:
        if not text.strip():
            return self.handle_silence()
        result = self.parser().parse(text)
        self._emit(IntentRecognized(intent=result.intent, slots=dict(result.slots), text=result.text))
        return self.handle_parse(result)

    def handle_silence(self) -> Reply:
        self.state.silences += 1
        if self.state.silences >= MAX_SILENCES:
            self.state = DialogueState(confirmations=self.state.confirmations)
            return self._say(self.words.phrase("goodbye_silence"), end_session=True)
        last = self.state.last_reply
        prompt = last.text if (last is not None and last.expecting) else self.words.phrase("silence")
        return self._say(prompt, expecting=self.state.expecting, remember=False)

    def handle_parse(self, result: ParseResult) -> Reply:
        self.state.silences = 0
        try:
            return self._handle(result)
        except Refusal as refusal:
            self._reset()
            return self._refused(refusal, self.words.refusal(refusal))

    # The screen's buttons: the same path as the spoken words.
    def ask(self, intent: str, **slots) -> Reply:
        """A request tapped on the screen ("check_balance", "transaction_history"...), as if said."""
        return self.handle_parse(self._tap(intent, **slots))

    def confirm(self) -> Reply:
        return self.handle_parse(self._tap("yes"))

    def decline(self) -> Reply:
        return self.handle_parse(self._tap("no"))

    def cancel(self) -> Reply:
        return self.handle_parse(self._tap("cancel"))

    def give_passcode(self, digits: str) -> Reply:
        return self.handle_parse(self._tap("digits", digits=digits))

    def send(self, payee: Payee, amount_paise: int) -> Reply:
        """A transfer chosen on the screen: read back and asked to confirm, as if it had been said."""
        self._reset()
        self.state.task = Task.TRANSFER
        return self._continue_transfer(amount_paise=amount_paise, payee=payee)

    def _tap(self, intent: str, **slots) -> ParseResult:
        return ParseResult(text="", intent=intent, slots=slots, language=self.language)

    # ------------------------------------------------------------ the logic
    def _handle(self, r: ParseResult) -> Reply:
        intent = r.intent
        s = self.state
        if intent != "none":
            s.misunderstandings, s.rephrase_asked = 0, False
        if intent == "repeat":
            if s.last_reply is None:
                return self._say(self.words.phrase("nothing_to_repeat"), remember=False)
            return self._say(s.last_reply.text, expecting=s.last_reply.expecting, remember=False)
        if intent == "cancel":
            busy = s.task is not None
            self._reset()
            return self._say(self.words.phrase("cancelled" if busy else "cancelled_nothing"))
        if intent == "logout":
            self._reset()
            return self._say(self.words.phrase("goodbye"), end_session=True, action=Action.LOGOUT)
        if intent == "help":
            s.misunderstandings = 0
            return self._say(self.words.phrase("options"), expecting=s.expecting)

        if intent == "none" and not r.accepted:
            # The recognizer was not sure of what it heard (or heard the room): ask again, guess nothing.
            return self._say(self.words.phrase("rephrase"), expecting=s.expecting)
        answered = self._answer_to_question(r)
        if answered is not None:
            return answered

        if intent == "check_balance":
            self._reset()
            paise = balance_paise(self.bank)
            return self._say(self.words.phrase("balance", amount=self.words.money(paise)), action=Action.BALANCE,
                             balance_paise=paise)
        if intent == "transaction_history":
            self._reset()
            return self._history()
        if intent == "kyc_status":
            self._reset()
            status = KycStatus(self.bank.kyc_status())
            return self._say(self.words.words("kyc")[status.value], action=Action.KYC_STATUS)
        if intent == "transfer_money":
            return self._transfer_asked(r)
        if intent == "request_account":
            self._reset()
            self.state.task = Task.OPEN_ACCOUNT
            self.state.account_type = r.slots.get("account_type")
            return self._continue_account()
        if intent in ("yes", "no"):
            return self._say(self.words.phrase("nothing_to_confirm"))
        return self._not_understood(r)

    def _answer_to_question(self, r: ParseResult) -> Reply | None:
        """The utterance read as the answer to what was just asked; None when it is not one."""
        s, intent = self.state, r.intent
        if s.expecting == Expecting.GUESS:
            if intent == "yes" and s.guess:
                guessed = s.guess
                s.guess, s.expecting = None, None
                return self._handle(ParseResult(text=r.text, intent=guessed, language=self.language))
            if intent == "no":
                s.guess, s.expecting, s.rephrase_asked = None, None, True
                return self._say(self.words.phrase("rephrase"))
        if s.expecting == Expecting.CONFIRM:
            if intent == "yes" and not r.clearly_heard:
                # Money moves only on a "yes" that is clearly the customer's, never on a guess at noise.
                return self._say(self.words.phrase("not_clear"), expecting=Expecting.CONFIRM)
            if intent == "yes":
                return self._carry_out()
            if intent == "no":
                self._reset()
                return self._say(self.words.phrase("not_sent"))
            if intent not in ("transfer_money", "request_account"):
                return self._say(self.words.phrase("yes_no"), expecting=Expecting.CONFIRM)
        if s.expecting == Expecting.OTP:
            digits = r.slots.get("digits") or parse_digits(r.text) or ""
            if len(digits) != OTP_LENGTH:
                return self._say(self.words.phrase("otp_again"), expecting=Expecting.OTP)
            return self._carry_out(otp=digits)
        if s.expecting == Expecting.AMOUNT and intent in ("none", "digits", "transfer_money") and "amount" not in r.slots:
            amount = _amount_paise(r)
            if amount is not None:
                return self._continue_transfer(amount_paise=amount)
        if s.expecting in (Expecting.PAYEE, Expecting.CHOICE) and intent in ("none", "transfer_money", "digits") \
                and "payee" not in r.slots:
            options = s.payee_options if s.expecting == Expecting.CHOICE else self.bank.payees()
            found = match_payee(r.text, options)
            if found.payee is not None:
                return self._continue_transfer(payee=found.payee)
            if found.ambiguous:
                return self._ask_which(found.candidates)
        if s.expecting == Expecting.ACCOUNT_TYPE and intent == "none":
            # A bare "savings" or "बचत": read it as the account asked about.
            prefixed = self.parser().parse(("open " + r.text) if self.language == "en" else (r.text + " खाता खोलना है"))
            if "account_type" in prefixed.slots:
                s.account_type = prefixed.slots["account_type"]
                return self._continue_account()
        return None

    def _transfer_asked(self, r: ParseResult) -> Reply:
        if self.state.task != Task.TRANSFER:
            self._reset()
            self.state.task = Task.TRANSFER
        s = self.state
        payee = r.payee_object
        if payee is not None:
            payee = next((p for p in self.bank.payees() if p.name == payee.name), payee)
        amount = _amount_paise(r) if "amount" in r.slots else None
        if payee is None and (r.payee_ambiguous or r.payee_spoken):
            s.amount_paise = amount if amount is not None else s.amount_paise
            if r.payee_ambiguous:
                return self._ask_which(r.payee_candidates)
            return self._say(self.words.phrase("unknown_payee", name=r.payee_spoken, names=self._names()),
                             expecting=Expecting.PAYEE)
        return self._continue_transfer(amount_paise=amount, payee=payee)

    def _continue_transfer(self, amount_paise: int | None = None, payee: Payee | None = None) -> Reply:
        s = self.state
        s.task = Task.TRANSFER
        if amount_paise is not None:
            s.amount_paise = amount_paise
        if payee is not None:
            s.payee, s.payee_options = payee, ()
        if s.amount_paise is None:
            if s.payee is not None:
                return self._say(self.words.phrase("ask_amount_to", name=s.payee.name), expecting=Expecting.AMOUNT)
            return self._say(self.words.phrase("ask_amount"), expecting=Expecting.AMOUNT)
        if s.payee is None:
            if not self.bank.payees():
                self._reset()
                return self._say(self.words.phrase("no_payees"))
            return self._say(self.words.phrase("ask_payee", amount=self.words.money(s.amount_paise),
                                               names=self._names()), expecting=Expecting.PAYEE)
        s.confirmations += 1
        return self._say(
            self.words.phrase("confirm_transfer", amount=self.words.money(s.amount_paise), name=s.payee.name,
                              account=spoken_digits(s.payee.account_masked)),
            expecting=Expecting.CONFIRM,
        )

    def _continue_account(self) -> Reply:
        s = self.state
        if s.account_type is None:
            return self._say(self.words.phrase("ask_account_type"), expecting=Expecting.ACCOUNT_TYPE)
        if s.account_type == "fd":
            # A deposit needs an amount and a term, which the screens ask for; the assistant does not.
            raise refuse(Code.FD_NEEDS_DETAILS)
        kind = self.words.words("account_kinds")[s.account_type]
        s.confirmations += 1
        return self._say(self.words.phrase("confirm_account", kind=kind), expecting=Expecting.CONFIRM)

    def _carry_out(self, otp: str | None = None) -> Reply:
        s = self.state
        if s.task == Task.TRANSFER and s.payee is not None and s.amount_paise is not None:
            return self._send_money(otp)
        if s.task == Task.OPEN_ACCOUNT and s.account_type is not None:
            kind = self.words.words("account_kinds")[s.account_type]
            account = self.bank.open_account(s.account_type)
            self._reset()
            return self._say(self.words.phrase("account_done", kind=kind, digits=spoken_digits(account.masked)),
                             action=Action.OPEN_ACCOUNT)
        self._reset()
        return self._say(self.words.phrase("nothing_to_confirm"))

    def _send_money(self, otp: str | None) -> Reply:
        s = self.state
        payee, amount = s.payee, s.amount_paise
        try:
            token = self.bank.step_up_with_otp(otp, payee, amount) if otp else ""
            receipt = self.bank.transfer(payee, amount, idempotency_key=self._payment_key(), step_up_token=token)
        except StepUpRequired as refusal:
            warning = self.words.phrase("scam_warning")
            return self._say(f"{warning} {self.words.phrase('step_up')}", expecting=Expecting.OTP,
                             refusal=refusal.code, warning=warning)
        except Refusal as refusal:
            if refusal.code == Code.WRONG_PASSCODE:
                return self._refused(refusal, f"{self.words.refusal(refusal)} {self.words.phrase('step_up')}",
                                     expecting=Expecting.OTP)
            self._reset()
            return self._refused(refusal, self.words.phrase("transfer_failed", reason=self.words.refusal(refusal)))
        self._reset()
        return self._say(self.words.phrase("transfer_done", amount=self.words.money(receipt.amount_paise),
                                           name=receipt.payee_name, reference=spelled(receipt.reference)),
                         action=Action.TRANSFER, receipt=receipt)

    def _payment_key(self) -> str:
        """The idempotency key of the payment the customer is answering: one per read-back."""
        return f"chat-{self.conversation_id}-{self.state.confirmations}"

    def _history(self) -> Reply:
        items = tuple(self.bank.history(HISTORY_READ))
        if not items:
            return self._say(self.words.phrase("history_empty"), action=Action.HISTORY)
        lines = [self.words.phrase("history_intro", count=len(items))]
        for item in items:
            key = "history_item_in" if item.amount_paise > 0 else "history_item_out"
            lines.append(self.words.phrase(key, date=self.words.day(item.date), name=item.counterparty,
                                           amount=self.words.money(abs(item.amount_paise))))
        return self._say(" ".join(lines), action=Action.HISTORY, history=items)

    def _ask_which(self, candidates) -> Reply:
        self.state.payee_options = tuple(candidates)
        self.state.task = Task.TRANSFER
        return self._say(self.words.phrase("which_payee", options=self.words.either([p.name for p in candidates])),
                         expecting=Expecting.CHOICE)

    def _not_understood(self, r: ParseResult) -> Reply:
        """Two-step fallback: a guess to confirm (or a request to rephrase), then the options."""
        s = self.state
        s.misunderstandings += 1
        names = self.words.words("intent_names")
        if s.misunderstandings == 1 and r.guess in names:
            s.guess = r.guess
            return self._say(self.words.phrase("guess", guess=names[r.guess]), expecting=Expecting.GUESS)
        if not s.rephrase_asked and s.misunderstandings <= 2:
            s.rephrase_asked = True
            return self._say(self.words.phrase("rephrase"), expecting=s.expecting)
        s.misunderstandings, s.rephrase_asked = 0, False
        return self._say(self.words.phrase("options"), expecting=s.expecting)

    # ------------------------------------------------------------ helpers
    def _reset(self) -> None:
        self.state = DialogueState(last_reply=self.state.last_reply, confirmations=self.state.confirmations)

    def _names(self) -> str:
        return self.words.either([p.name for p in self.bank.payees()])

    def _refused(self, refusal: Refusal, text: str, expecting: Expecting | None = None) -> Reply:
        return self._say(text, expecting=expecting, action=Action.REFUSED, refusal=refusal.code)

    def _say(self, text: str, expecting: Expecting | None = None, end_session: bool = False, remember: bool = True,
             **outcome) -> Reply:
        self.state.expecting = expecting
        reply = Reply(text, expecting, end_session, **outcome)
        if remember:
            self.state.last_reply = reply
        self._emit(Replied(reply=reply))
        return reply

    def _emit(self, event) -> None:
        if self.on_event is not None:
            self.on_event(event)


def _amount_paise(r: ParseResult) -> int | None:
    """The amount in an utterance (whole rupees, as people say them) in paise; None when it holds none."""
    if "amount" in r.slots:
        return rupees(r.slots["amount"])
    for span in r.numbers:
        if span.value is not None and span.value > 0:
            return rupees(span.value)
    found = parse_amount(r.text)
    return rupees(found) if found is not None else None
