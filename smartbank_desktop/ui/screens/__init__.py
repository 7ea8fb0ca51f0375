"""The app's screens, one module per screen."""

from __future__ import annotations


def all_screens():
    from .accounts import AccountsScreen
    from .assistant import AssistantScreen
    from .face_sign_in import FaceSignInScreen
    from .help import HelpScreen
    from .history import HistoryScreen
    from .home import HomeScreen
    from .kyc import KycScreen
    from .remember import RememberScreen
    from .send_money import SendMoneyScreen
    from .settings import SettingsScreen
    from .sign_in import MethodScreen, PinScreen, WelcomeScreen
    from .voice_sign_in import VoiceSignInScreen

    return (WelcomeScreen, MethodScreen, FaceSignInScreen, VoiceSignInScreen, PinScreen, HomeScreen,
            SendMoneyScreen, HistoryScreen, AccountsScreen, KycScreen, AssistantScreen, HelpScreen, SettingsScreen,
            RememberScreen)
