"""POST /api/chatbot/command/: text in; intent, slots and the assistant's reply out.

A conversation keeps its state between turns under its ``conversation_id``
(in the cache, for 15 minutes, per customer), so "send money to Ramesh",
"five hundred", "yes" work as three requests.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from smartbank_desktop.backend.customers.current import current_customer
from smartbank_desktop.backend.errors import ServiceView, error_responses
from smartbank_desktop.core.refusals import Code

from .bank import ServiceBank

CONVERSATION_SECONDS = 15 * 60


class CommandSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=500, allow_blank=True, trim_whitespace=True,
                                 help_text="what the customer said or typed; empty means silence")
    conversation_id = serializers.UUIDField(required=False, help_text="from the previous answer, to continue")
    language = serializers.ChoiceField(choices=["en", "hi"], default="en")


class CommandReplySerializer(serializers.Serializer):
    conversation_id = serializers.UUIDField()
    intent = serializers.CharField(allow_null=True)
    slots = serializers.DictField()
    reply = serializers.CharField()
    expecting = serializers.CharField(allow_null=True)
    end_session = serializers.BooleanField()
    refusal = serializers.CharField(allow_null=True, help_text="the bank's refusal code, when it said no")


class ChatbotCommandView(ServiceView):
    @extend_schema(request=CommandSerializer, responses={200: CommandReplySerializer, **error_responses(
        Code.NOT_SIGNED_IN, Code.NOT_A_CUSTOMER, Code.INVALID_INPUT)})
    def post(self, request):
        from smartbank_desktop.voice.dialogue import Dialogue
        from smartbank_desktop.voice.events import EventKind

        data = self.validated(CommandSerializer)
        customer = current_customer(request)
        conversation_id = str(data.get("conversation_id") or uuid.uuid4())
        key = f"chatbot:{request.user.pk}:{conversation_id}"
        heard: list = []
        dialogue = Dialogue(ServiceBank(customer, request), language=data["language"], conversation_id=conversation_id,
                            on_event=lambda event: heard.append(event) if event.kind == EventKind.INTENT else None)
        saved = cache.get(key)
        if saved is not None:
            dialogue.state = saved
        reply = dialogue.handle_text(data["text"])
        if reply.end_session:
            cache.delete(key)
        else:
            cache.set(key, dialogue.state, CONVERSATION_SECONDS)
        return Response({
            "conversation_id": conversation_id,
            "intent": heard[0].intent if heard else None,
            "slots": heard[0].slots if heard else {},
            "reply": reply.text,
            "expecting": reply.expecting,
            "end_session": reply.end_session,
            "refusal": reply.refusal,
        })
