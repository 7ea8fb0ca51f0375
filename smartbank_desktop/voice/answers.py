"""What a listening turn hears with when it expects one kind of answer: a passcode's digits, the way to sign
in, a yes or a no.

Hindi only. pocketsphinx hears Hindi through the English acoustic model, and the whole command grammar
gives it many near sounds to choose from: on the sign-in screen it heard "चेहरे से" (with my face) as a
banking command, and on the welcome screen a bare "हाँ" as the number "बावन". A grammar of the question's
own answers (with "cancel" and "repeat" beside them) leaves it only those. English keeps the
command recognizer, whose every result Whisper re-checks.
"""

from __future__ import annotations

from hassil import Intents

# The answers a closed question takes, by the intents that say them. "Back" is left to "cancel", which does
# the same on these screens: as one more answer it was one more sound to mistake a "हाँ" for ("पिछला").
ANSWERS = {
    "sign_in_method": ("sign_in_method", "yes", "no", "cancel", "repeat"),
    "yes_no": ("yes", "no", "cancel", "repeat"),
}
EXPECTING = ("digits", *ANSWERS)


def answer_intents(language: str, expecting: str) -> Intents:
    """The language's templates with only the intents of that answer."""
    from smartbank_desktop.voice.intents import template_data

    data = dict(template_data(language))
    data["intents"] = {name: intent for name, intent in data["intents"].items() if name in ANSWERS[expecting]}
    return Intents.from_dict(data)


def answer_listener(language: str, expecting: str, parser):
    """(recognizer, parser) for a turn that expects ``expecting``, or None to hear it as any command."""
    if expecting not in EXPECTING:
        raise ValueError(f"unknown answer {expecting!r}; one of {', '.join(EXPECTING)}")
    if language != "hi":
        return None
    if expecting == "digits":
        from smartbank_desktop.voice.dialogue import OTP_LENGTH
        from smartbank_desktop.voice.digits import DigitsAnswerParser, answer_recognizer

        return answer_recognizer(language), DigitsAnswerParser(parser, OTP_LENGTH)
    from smartbank_desktop.voice.recognizers import create_recognizer

    return create_recognizer(language, intents=answer_intents(language, expecting)), parser
