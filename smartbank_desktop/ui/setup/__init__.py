"""The helper's setup wizard: a new customer registered, verified, enrolled and ready, one step a screen.

:func:`install` adds the steps to the window and the way in on the welcome
screen ("Set up SmartBank for someone new", or "Carry on setting up" when a
setup was left half-way).
"""

from __future__ import annotations


def step_screens():
    from .account import AccountStep
    from .card import CardStep
    from .details import DetailsStep
    from .face import FaceStep
    from .finished import FinishedStep
    from .kyc import KycStep
    from .language import LanguageStep
    from .passcodes import PasscodesStep
    from .payees import PayeesStep
    from .pin import PinStep
    from .selfie import SelfieStep
    from .sign_in import SignInStep
    from .try_sign_in import TrySignInStep
    from .voice import VoiceStep

    return (LanguageStep, DetailsStep, CardStep, SelfieStep, PinStep, KycStep, SignInStep, AccountStep, FaceStep,
            VoiceStep, PasscodesStep, PayeesStep, TrySignInStep, FinishedStep)


def install(app):
    """The wizard for ``app``: its steps added to the window, its button on the welcome screen."""
    from smartbank_desktop.ui.widgets.buttons import BigButton

    from .wizard import SetupWizard

    wizard = SetupWizard(app)
    app.setup = wizard
    for screen_class in step_screens():
        app.window.add_screen(screen_class(app))
    entry = BigButton(kind="plain")
    entry.setObjectName("setup_entry")
    entry.clicked.connect(wizard.begin)

    def words() -> None:
        state = wizard.state
        if state is not None and (state.form.get("full_name") or state.step != "language"):
            entry.set_text(app.words("setup.carry_on", name=wizard.customer_name() or "…"))
        else:
            entry.set_text(app.words("setup.entry"))

    wizard.changed.connect(words)
    app.words.changed.connect(lambda _: words())
    words()
    welcome = app.screen("welcome")
    welcome.body.addWidget(entry)
    welcome.setup_entry = entry
    return wizard
