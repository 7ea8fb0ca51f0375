"""The dialogue manager: what the assistant says and asks, turn by turn. Pure: no audio, no I/O.

It takes what the parser understood (or silence), keeps the conversation's
state, and talks to the bank only through the small :class:`Bank` protocol,
so the backend's chatbot endpoint, the terminal chat and the tests (with an
in-memory bank) all drive the same logic. Rules it keeps:

- it asks for what is missing ("How much?", "To whom?"), and which one when a
  name fits two payees;
- every money action is read back (amount in words, the payee's full name and
  masked account) and happens only after an explicit "yes";
- "repeat" and "cancel" work at any point; silence gets one re-prompt, then a
  gentle goodbye; not understanding gets a guess to confirm, then a request
  to rephrase, then the options read out;
- a bank that asks for a second factor gets "Please say the six digits from
  your phone".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from smartbank_desktop.core.money import amount_in_words, amount_in_words_hindi
from smartbank_desktop.voice.events import EventCallback, IntentRecognized, Replied
from smartbank_desktop.voice.nlu import IntentParser, ParseResult
from smartbank_desktop.voice.numbers import parse_amount, parse_digits
from smartbank_desktop.voice.payees import Payee, match_payee

MAX_SILENCES = 2
OTP_LENGTH = 6


class StepUpRequired(Exception):
    """The bank wants a one-time passcode before it moves the money."""


class BankError(Exception):
    """The bank refused (insufficient funds, limit reached, ...): the message is read to the customer."""


@dataclass
class Transaction:
    description: str
    amount_paise: int  # negative for money out
    when: str = ""


class Bank(Protocol):
    """What the assistant may ask of the bank (the API client, or an in-memory bank in tests)."""

    def balance(self) -> int: ...  # paise

    def payees(self) -> list[Payee]: ...

    def transfer(self, payee: Payee, amount_paise: int, otp: str | None = None) -> str: ...  # a reference

    def history(self, limit: int = 5) -> list[Transaction]: ...

    def request_account(self, account_type: str) -> str: ...  # a reference

    def kyc_status(self) -> str: ...  # "approved", "pending", "rejected", "not_started"


@dataclass
class Reply:
    """One turn of the assistant: what to say, what it expects next, whether the session ends."""

    text: str
    expecting: str | None = None  # "amount", "payee", "confirm", "otp", "account_type", "choice" or None
    end_session: bool = False
    action: str | None = None  # what the bank did this turn, e.g. "transfer"


_TEXT = {
    "en": {
        "welcome": "Hello. You can ask for your balance, send money, hear your recent transactions, open an account, or check your KYC status. What would you like to do?",
        "options": "You can say: what is my balance; send money; show my transactions; open a savings account; what is my KYC status; or log out.",
        "balance": "Your balance is {amount}.",
        "ask_amount": "How much money would you like to send{to}?",
        "ask_payee": "Whom would you like to send {amount} to? Your saved payees are {names}.",
        "ask_payee_no_amount": "Whom would you like to send money to? Your saved payees are {names}.",
        "no_payees": "You have no saved payees yet. Please add a payee first, with help from the branch or a family member.",
        "unknown_payee": "I could not find {name} among your saved payees. Your saved payees are {names}. Whom should I send it to?",
        "which_payee": "Did you mean {options}? Please say the full name.",
        "confirm_transfer": "You want to send {amount} to {name}, account {account}. Shall I send it? Please say yes or no.",
        "transfer_done": "Done. I have sent {amount} to {name}. Your reference is {reference}.",
        "transfer_failed": "The money was not sent: {reason}",
        "step_up": "For your safety, please say the six digits from your phone.",
        "otp_again": "That was not six digits. Please say the six digits from your phone, one at a time.",
        "history_empty": "There are no recent transactions.",
        "history_intro": "Your last {count} transactions:",
        "history_item": "{description}, {direction} {amount}.",
        "money_in": "received",
        "money_out": "paid",
        "ask_account_type": "Which account would you like to open: savings, current, or fixed deposit?",
        "confirm_account": "You want to open a new {kind}. Shall I go ahead? Please say yes or no.",
        "account_done": "Your request for a {kind} has been sent. Your reference is {reference}.",
        "account_kinds": {"savings": "savings account", "current": "current account", "fd": "fixed deposit"},
        "kyc": {
            "approved": "Your KYC is complete and approved.",
            "pending": "Your KYC documents are being checked. We will tell you when it is done.",
            "rejected": "Your KYC was not approved. Please visit the branch or upload clearer documents.",
            "not_started": "You have not started your KYC yet.",
        },
        "cancelled": "All right, I have cancelled that. Nothing was sent.",
        "cancelled_nothing": "All right. What would you like to do?",
        "yes_no": "Please say yes or no.",
        "nothing_to_confirm": "There is nothing to confirm. What would you like to do?",
        "not_sent": "All right, I will not do that. What would you like to do?",
        "guess": "Did you mean: {guess}? Please say yes or no.",
        "rephrase": "Sorry, I did not understand. Could you say that in another way?",
        "silence": "I am still here. What would you like to do?",
        "goodbye_silence": "I have not heard anything, so I will stop listening now. Say hello when you need me again.",
        "goodbye": "Thank you for banking with us. Goodbye.",
        "nothing_to_repeat": "I have not said anything yet.",
        "error": "Sorry, something went wrong: {reason}. Please try again.",
        "intent_names": {
            "check_balance": "check your balance", "transfer_money": "send money", "transaction_history": "hear your transactions",
            "request_account": "open an account", "kyc_status": "check your KYC status", "help": "hear the options", "logout": "log out",
        },
        "or": "or",
        "masked_unknown": "on file",
    },
    "hi": {
        "welcome": "नमस्ते। आप बैलेंस पूछ सकते हैं, पैसे भेज सकते हैं, लेन देन सुन सकते हैं, खाता खोल सकते हैं या केवाईसी की स्थिति जान सकते हैं। आप क्या करना चाहेंगे?",
        "options": "आप कह सकते हैं: मेरा बैलेंस कितना है; पैसे भेजो; लेन देन दिखाओ; बचत खाता खोलना है; केवाईसी स्टेटस बताओ; या लॉग आउट।",
        "balance": "आपका बैलेंस {amount} है।",
        "ask_amount": "{to}कितने रुपये भेजने हैं?",
        "ask_payee": "{amount} किसे भेजने हैं? आपके सहेजे हुए नाम हैं: {names}।",
        "ask_payee_no_amount": "पैसे किसे भेजने हैं? आपके सहेजे हुए नाम हैं: {names}।",
        "no_payees": "आपने अभी कोई प्राप्तकर्ता नहीं जोड़ा है। कृपया पहले प्राप्तकर्ता जोड़ें।",
        "unknown_payee": "{name} आपके सहेजे हुए नामों में नहीं है। आपके सहेजे हुए नाम हैं: {names}। पैसे किसे भेजने हैं?",
        "which_payee": "क्या आपका मतलब {options} है? कृपया पूरा नाम बोलिए।",
        "confirm_transfer": "आप {name} को, खाता {account}, {amount} भेजना चाहते हैं। क्या मैं भेज दूँ? कृपया हाँ या नहीं बोलिए।",
        "transfer_done": "हो गया। {name} को {amount} भेज दिए गए। आपका संदर्भ नंबर {reference} है।",
        "transfer_failed": "पैसे नहीं भेजे गए: {reason}",
        "step_up": "आपकी सुरक्षा के लिए, कृपया अपने फ़ोन पर आए छह अंक बोलिए।",
        "otp_again": "ये छह अंक नहीं थे। कृपया फ़ोन पर आए छह अंक एक एक करके बोलिए।",
        "history_empty": "हाल में कोई लेन देन नहीं हुआ।",
        "history_intro": "आपके पिछले {count} लेन देन:",
        "history_item": "{description}, {amount} {direction}।",
        "money_in": "आए",
        "money_out": "गए",
        "ask_account_type": "आप कौन सा खाता खोलना चाहते हैं: बचत, चालू या फिक्स्ड डिपॉजिट?",
        "confirm_account": "आप नया {kind} खोलना चाहते हैं। क्या मैं आगे बढ़ूँ? कृपया हाँ या नहीं बोलिए।",
        "account_done": "आपका {kind} का अनुरोध भेज दिया गया है। संदर्भ नंबर {reference} है।",
        "account_kinds": {"savings": "बचत खाता", "current": "चालू खाता", "fd": "फिक्स्ड डिपॉजिट"},
        "kyc": {
            "approved": "आपका केवाईसी पूरा और स्वीकृत है।",
            "pending": "आपके केवाईसी दस्तावेज़ जाँचे जा रहे हैं।",
            "rejected": "आपका केवाईसी स्वीकार नहीं हुआ। कृपया शाखा में आइए।",
            "not_started": "आपने अभी केवाईसी शुरू नहीं किया है।",
        },
        "cancelled": "ठीक है, मैंने रद्द कर दिया। कुछ नहीं भेजा गया।",
        "cancelled_nothing": "ठीक है। आप क्या करना चाहेंगे?",
        "yes_no": "कृपया हाँ या नहीं बोलिए।",
        "nothing_to_confirm": "पुष्टि के लिए कुछ नहीं है। आप क्या करना चाहेंगे?",
        "not_sent": "ठीक है, मैं ऐसा नहीं करूँगा। आप क्या करना चाहेंगे?",
        "guess": "क्या आपका मतलब है: {guess}? कृपया हाँ या नहीं बोलिए।",
        "rephrase": "माफ़ कीजिए, मैं समझ नहीं पाया। क्या आप दूसरे शब्दों में कह सकते हैं?",
        "silence": "मैं सुन रहा हूँ। आप क्या करना चाहेंगे?",
        "goodbye_silence": "कुछ सुनाई नहीं दिया, इसलिए मैं अभी सुनना बंद कर रहा हूँ।",
        "goodbye": "हमारे साथ बैंकिंग के लिए धन्यवाद। नमस्ते।",
        "nothing_to_repeat": "मैंने अभी कुछ नहीं कहा है।",
        "error": "माफ़ कीजिए, कुछ गड़बड़ हो गई: {reason}। कृपया फिर से कोशिश कीजिए।",
        "intent_names": {
            "check_balance": "बैलेंस जानना", "transfer_money": "पैसे भेजना", "transaction_history": "लेन देन सुनना",
            "request_account": "खाता खोलना", "kyc_status": "केवाईसी की स्थिति जानना", "help": "विकल्प सुनना", "logout": "लॉग आउट करना",
        },
        "or": "या",
        "masked_unknown": "जो दर्ज है",
    },
}


@dataclass
class DialogueState:
    """What the conversation is in the middle of."""

    task: str | None = None  # "transfer" or "open_account"
    amount: int | None = None  # whole rupees
    payee: Payee | None = None
    payee_options: tuple[Payee, ...] = ()
    account_type: str | None = None
    expecting: str | None = None
    guess: str | None = None
    misunderstandings: int = 0
    rephrase_asked: bool = False
    silences: int = 0
    last_reply: Reply | None = None
    slots_seen: dict[str, Any] = field(default_factory=dict)


class Dialogue:
    """One customer's conversation. Feed it ``handle_text``/``handle_parse``/``handle_silence``; it returns a Reply."""

    def __init__(self, bank: Bank, language: str = "en", on_event: EventCallback | None = None):
        self.bank = bank
        self.language = language
        self.text = _TEXT[language]
        self.state = DialogueState()
        self.on_event = on_event
        self._parser: IntentParser | None = None

    # ------------------------------------------------------------ entry points
    def parser(self) -> IntentParser:
        """A parser that knows the customer's current payees."""
        payees = self.bank.payees()
        if self._parser is None or self._parser.payees != payees:
            self._parser = IntentParser(self.language, payees)
        return self._parser

    def start(self) -> Reply:
        return self._say(self.text["welcome"])

    def handle_text(self, text: str) -> Reply:
        if not text.strip():
            return self.handle_silence()
        result = self.parser().parse(text)
        self._emit(IntentRecognized(intent=result.intent, slots=dict(result.slots), text=result.text))
        return self.handle_parse(result)

    def handle_silence(self) -> Reply:
        self.state.silences += 1
        if self.state.silences >= MAX_SILENCES:
            self.state = DialogueState()
            return self._say(self.text["goodbye_silence"], end_session=True)
        last = self.state.last_reply
        prompt = last.text if (last is not None and last.expecting) else self.text["silence"]
        return self._say(prompt, expecting=self.state.expecting, remember=False)

    def handle_parse(self, result: ParseResult) -> Reply:
        self.state.silences = 0
        try:
            return self._handle(result)
        except BankError as exc:
            self._reset()
            return self._say(self.text["error"].format(reason=str(exc).rstrip(".")))

    # ------------------------------------------------------------ the logic
    def _handle(self, r: ParseResult) -> Reply:
        intent = r.intent
        s = self.state
        if intent != "none":
            s.misunderstandings, s.rephrase_asked = 0, False
        if intent == "repeat":
            if s.last_reply is None:
                return self._say(self.text["nothing_to_repeat"], remember=False)
            return self._say(s.last_reply.text, expecting=s.last_reply.expecting, remember=False)
        if intent == "cancel":
            busy = s.task is not None
            self._reset()
            return self._say(self.text["cancelled"] if busy else self.text["cancelled_nothing"])
        if intent == "logout":
            self._reset()
            return self._say(self.text["goodbye"], end_session=True)
        if intent == "help":
            s.misunderstandings = 0
            return self._say(self.text["options"], expecting=s.expecting)

        # Answers to what was just asked.
        if s.expecting == "guess":
            if intent == "yes" and s.guess:
                guessed = s.guess
                s.guess, s.expecting = None, None
                return self._handle(ParseResult(text=r.text, intent=guessed, language=self.language))
            if intent == "no":
                s.guess, s.expecting, s.rephrase_asked = None, None, True
                return self._say(self.text["rephrase"])
        if s.expecting == "confirm":
            if intent == "yes":
                return self._carry_out()
            if intent == "no":
                self._reset()
                return self._say(self.text["not_sent"])
            if intent not in ("transfer_money", "request_account"):
                return self._say(self.text["yes_no"], expecting="confirm")
        if s.expecting == "otp":
            digits = r.slots.get("digits") or parse_digits(r.text) or ""
            if len(digits) != OTP_LENGTH:
                return self._say(self.text["otp_again"], expecting="otp")
            return self._carry_out(otp=digits)
        if s.expecting == "amount" and intent in ("none", "digits", "transfer_money") and "amount" not in r.slots:
            amount = _number_in(r)
            if amount is not None:
                return self._continue_transfer(amount=amount)
        if s.expecting in ("payee", "choice") and intent in ("none", "transfer_money", "digits") and "payee" not in r.slots:
            options = s.payee_options if s.expecting == "choice" else self.bank.payees()
            found = match_payee(r.text, options)
            if found.payee is not None:
                return self._continue_transfer(payee=found.payee)
            if found.ambiguous:
                return self._ask_which(found.candidates)
        if s.expecting == "account_type" and intent == "none":
            # A bare "savings" or "बचत": read it as the account asked about.
            prefixed = self.parser().parse(("open " + r.text) if self.language == "en" else (r.text + " खाता खोलना है"))
            if "account_type" in prefixed.slots:
                s.account_type = prefixed.slots["account_type"]
                return self._continue_account()

        if intent == "check_balance":
            self._reset()
            return self._say(self.text["balance"].format(amount=self._money(self.bank.balance())), action="balance")
        if intent == "transaction_history":
            self._reset()
            return self._history()
        if intent == "kyc_status":
            self._reset()
            status = self.bank.kyc_status()
            return self._say(self.text["kyc"].get(status, self.text["kyc"]["pending"]), action="kyc_status")
        if intent == "transfer_money":
            if s.task != "transfer":
                self._reset()
                s = self.state
                s.task = "transfer"
            payee = r.payee_object
            if payee is not None:
                payee = next((p for p in self.bank.payees() if p.name == payee.name), payee)
            if payee is None and r.payee_ambiguous:
                s.amount = r.slots.get("amount", s.amount)
                return self._ask_which(r.payee_candidates)
            if payee is None and r.payee_spoken:
                s.amount = r.slots.get("amount", s.amount)
                s.expecting = "payee"
                return self._say(self.text["unknown_payee"].format(name=r.payee_spoken, names=self._names()), expecting="payee")
            return self._continue_transfer(amount=r.slots.get("amount"), payee=payee)
        if intent == "request_account":
            self._reset()
            s = self.state
            s.task = "open_account"
            s.account_type = r.slots.get("account_type")
            return self._continue_account()
        if intent in ("yes", "no"):
            return self._say(self.text["nothing_to_confirm"])
        return self._not_understood(r)

    def _continue_transfer(self, amount: int | None = None, payee: Payee | None = None) -> Reply:
        s = self.state
        s.task = "transfer"
        if amount is not None:
            s.amount = amount
        if payee is not None:
            s.payee, s.payee_options = payee, ()
        if s.amount is None:
            to = (f" to {s.payee.name}" if self.language == "en" else f"{s.payee.name} को ") if s.payee else ""
            return self._say(self.text["ask_amount"].format(to=to), expecting="amount")
        if s.payee is None:
            if not self.bank.payees():
                self._reset()
                return self._say(self.text["no_payees"])
            return self._say(self.text["ask_payee"].format(amount=self._money(s.amount * 100), names=self._names()), expecting="payee")
        account = s.payee.account_masked or self.text["masked_unknown"]
        return self._say(
            self.text["confirm_transfer"].format(amount=self._money(s.amount * 100), name=s.payee.name, account=_spoken_mask(account)),
            expecting="confirm",
        )

    def _continue_account(self) -> Reply:
        s = self.state
        if s.account_type is None:
            return self._say(self.text["ask_account_type"], expecting="account_type")
        kind = self.text["account_kinds"][s.account_type]
        return self._say(self.text["confirm_account"].format(kind=kind), expecting="confirm")

    def _carry_out(self, otp: str | None = None) -> Reply:
        s = self.state
        if s.task == "transfer" and s.payee is not None and s.amount is not None:
            try:
                reference = self.bank.transfer(s.payee, s.amount * 100, otp=otp)
            except StepUpRequired:
                return self._say(self.text["step_up"], expecting="otp")
            except BankError as exc:
                self._reset()
                return self._say(self.text["transfer_failed"].format(reason=str(exc)))
            amount, name = self._money(s.amount * 100), s.payee.name
            self._reset()
            return self._say(self.text["transfer_done"].format(amount=amount, name=name, reference=_spoken_reference(reference)), action="transfer")
        if s.task == "open_account" and s.account_type is not None:
            kind = self.text["account_kinds"][s.account_type]
            reference = self.bank.request_account(s.account_type)
            self._reset()
            return self._say(self.text["account_done"].format(kind=kind, reference=_spoken_reference(reference)), action="request_account")
        self._reset()
        return self._say(self.text["nothing_to_confirm"])

    def _history(self) -> Reply:
        items = self.bank.history(5)
        if not items:
            return self._say(self.text["history_empty"], action="history")
        lines = [self.text["history_intro"].format(count=len(items))]
        for item in items:
            direction = self.text["money_in"] if item.amount_paise > 0 else self.text["money_out"]
            lines.append(self.text["history_item"].format(description=item.description, direction=direction, amount=self._money(abs(item.amount_paise))))
        return self._say(" ".join(lines), action="history")

    def _ask_which(self, candidates) -> Reply:
        self.state.payee_options = tuple(candidates)
        self.state.task = "transfer"
        names = [p.name for p in candidates]
        options = f" {self.text['or']} ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]
        return self._say(self.text["which_payee"].format(options=options), expecting="choice")

    def _not_understood(self, r: ParseResult) -> Reply:
        """Two-step fallback: a guess to confirm (or a request to rephrase), then the options."""
        s = self.state
        s.misunderstandings += 1
        if s.misunderstandings == 1 and r.guess in self.text["intent_names"]:
            s.guess = r.guess
            return self._say(self.text["guess"].format(guess=self.text["intent_names"][r.guess]), expecting="guess")
        if not s.rephrase_asked and s.misunderstandings <= 2:
            s.rephrase_asked = True
            return self._say(self.text["rephrase"], expecting=s.expecting)
        s.misunderstandings, s.rephrase_asked = 0, False
        return self._say(self.text["options"], expecting=s.expecting)

    # ------------------------------------------------------------ helpers
    def _reset(self) -> None:
        last = self.state.last_reply
        self.state = DialogueState(last_reply=last)

    def _names(self) -> str:
        names = [p.name for p in self.bank.payees()]
        if len(names) <= 1:
            return "".join(names)
        return ", ".join(names[:-1]) + f" {self.text['or']} " + names[-1]

    def _money(self, paise: int) -> str:
        return amount_in_words_hindi(paise) if self.language == "hi" else amount_in_words(paise)

    def _say(self, text: str, expecting: str | None = None, end_session: bool = False, action: str | None = None, remember: bool = True) -> Reply:
        self.state.expecting = expecting
        reply = Reply(text, expecting, end_session, action)
        if remember:
            self.state.last_reply = reply
        self._emit(Replied(reply=reply))
        return reply

    def _emit(self, event) -> None:
        if self.on_event is not None:
            self.on_event(event)


def _number_in(r: ParseResult) -> int | None:
    """A whole-rupee amount anywhere in an answer to "How much?"."""
    if "amount" in r.slots:
        return r.slots["amount"]
    for span in r.numbers:
        if span.value is not None and span.value > 0:
            return span.value
    return parse_amount(r.text)


def _spoken_mask(masked: str) -> str:
    """"XXXX1234" -> "ending 1 2 3 4", read digit by digit."""
    digits = "".join(ch for ch in masked if ch.isdigit())
    if not digits:
        return masked
    return "ending " + " ".join(digits[-4:])


def _spoken_reference(reference: str) -> str:
    return " ".join(str(reference)) if str(reference).isalnum() and len(str(reference)) <= 8 else str(reference)


class InMemoryBank:
    """A bank in memory, for tests, demonstrations and the terminal chat's demo mode."""

    def __init__(self, balance_paise: int = 25_000_00, payees=None, kyc: str = "approved", step_up_above_paise: int | None = None, otp: str = "123456"):
        self._balance = balance_paise
        self._payees = list(payees) if payees is not None else [
            Payee("Ramesh Kumar", "XXXX4521"), Payee("Ramesh Gupta", "XXXX7730"), Payee("Sita Devi", "XXXX9012")
        ]
        self._kyc = kyc
        self.step_up_above_paise = step_up_above_paise
        self.otp = otp
        self.transfers: list[tuple[str, int]] = []
        self.account_requests: list[str] = []
        self._history = [Transaction("Pension credit", 15_000_00), Transaction("Electricity bill", -1_250_00)]

    def balance(self) -> int:
        return self._balance

    def payees(self) -> list[Payee]:
        return list(self._payees)

    def transfer(self, payee: Payee, amount_paise: int, otp: str | None = None) -> str:
        if self.step_up_above_paise is not None and amount_paise > self.step_up_above_paise and otp != self.otp:
            raise StepUpRequired()
        if amount_paise > self._balance:
            raise BankError("there is not enough money in your account.")
        self._balance -= amount_paise
        self.transfers.append((payee.name, amount_paise))
        self._history.insert(0, Transaction(f"To {payee.name}", -amount_paise))
        return f"TX{len(self.transfers):04d}"

    def history(self, limit: int = 5) -> list[Transaction]:
        return self._history[:limit]

    def request_account(self, account_type: str) -> str:
        self.account_requests.append(account_type)
        return f"AC{len(self.account_requests):04d}"

    def kyc_status(self) -> str:
        return self._kyc
