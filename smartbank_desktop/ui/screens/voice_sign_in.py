"""Voice sign-in: six digits from the bank shown very large and said; the customer says them back.

Until the bank's digits arrive the screen says, in a sentence of its own, that
it is getting them. The recording starts when the app has finished saying the
digits and ends by itself when the customer stops speaking (the voice
package's end-of-speech detection); the bank checks both the digits (heard in
the app's language) and the voice.
"""

from __future__ import annotations

import time

from smartbank_desktop.ui.widgets.buttons import set_label

from .sign_in import BiometricSignIn

WAIT_FOR_SPEECH_S = 20


class VoiceSignInScreen(BiometricSignIn):
    name = "voice_sign_in"
    kind = "voice"

    def __init__(self, app):
        super().__init__(app)
        for widget in (self.instructions, self.prompt):
            self.body.addWidget(widget)
        self.layout_buttons()

    def digits(self) -> str:
        return " ".join((self.challenge or {}).get("prompt", ""))

    def title(self) -> str:
        return self.words("voice.title")

    def spoken(self) -> str:
        if not self.digits():
            return self.words("voice.getting")
        return self.words("voice.say", digits=", ".join(self.digits().split()))

    def retranslate(self) -> None:
        set_label(self.instructions, self.words("voice.instructions" if self.digits() else "voice.getting"))
        set_label(self.prompt, self.digits())
        self.prompt.setVisible(bool(self.digits()))
        self.start_button.set_text(self.words("voice.start"))
        self.other_way.set_text(self.words("biometric.other_way"))

    def got_challenge(self, challenge: dict) -> None:
        super().got_challenge(challenge)
        self.start()  # listen as soon as the digits have been said

    def start(self) -> None:
        if not self.ready_to_start():
            return
        self.busy = True
        self.start_button.setEnabled(False)
        challenge, username, app = self.challenge, self.app.signing_in_as, self.app

        def record() -> bytes:
            deadline = time.monotonic() + WAIT_FOR_SPEECH_S
            while not app.speech.idle and time.monotonic() < deadline:
                time.sleep(0.05)  # never record the app's own voice
            return app.listener.record()

        def send(audio: bytes) -> None:
            set_label(self.instructions, self.words("voice.checking"))
            language = self.app.prefs.language  # the digits were said to the customer in it, and back
            self.app.ops.run(lambda: self.app.client.sign_in_with_voice(username, challenge["challenge_id"], audio,
                                                                        language),
                             self.succeeded, self.failed)

        self.app.ops.run(record, send, self.failed, lane="microphone")
