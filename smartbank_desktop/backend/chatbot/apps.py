from django.apps import AppConfig
from django.db.models.signals import post_migrate


def make_cache_table(using: str = "default", **kwargs) -> None:
    """The shared cache's table (conversations, the rate limits' counters), made wherever migrate runs.

    Idempotent, and nothing to do when the cache is Redis."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class ChatbotConfig(AppConfig):
    name = "smartbank_desktop.backend.chatbot"
    label = "chatbot"

    def ready(self):
        post_migrate.connect(make_cache_table, sender=self)
