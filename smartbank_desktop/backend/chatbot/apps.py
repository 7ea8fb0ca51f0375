from django.apps import AppConfig


class ChatbotConfig(AppConfig):
    name = "smartbank_desktop.backend.chatbot"
    label = "chatbot"
