"""POST /api/chatbot/command/: text in; intent, slots and the assistant's reply out.

A conversation keeps its state between turns under its ``conversation_id``
(in the shared cache, for 15 minutes, per customer: :mod:`.conversations`),
so "send money to Ramesh", "five hundred", "yes" work as three requests, to
any server process. Its turns run one at a time, and an answer sent again
(a client retrying a "yes" whose reply it lost) gets the first reply again.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from smartbank_desktop.backend.customers.current import current_customer
from smartbank_desktop.backend.errors import ServiceView, error_responses
from smartbank_desktop.core.refusals import Code

from . import conversations
from .bank import ServiceBank


class CommandSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=500, allow_blank=True, trim_whitespace=True,
                                 help_text="what the customer said or typed; empty means silence")
    conversation_id = serializers.UUIDField(required=False, help_text="from the previous answer, to continue")
    language = serializers.ChoiceField(choices=["en", "hi"], default="en")


class CommandReplySerializer(serializers.Serializer):
    conversation_id = serializers.UUIDField(help_text="to continue; a new one when the given one had ended")
    intent = serializers.CharField(allow_null=True)
    slots = serializers.DictField()
    reply = serializers.CharField()
    expecting = serializers.CharField(allow_null=True)
    end_session = serializers.BooleanField()
    refusal = serializers.CharField(allow_null=True, help_text="the bank's refusal code, when it said no")


class ChatbotCommandView(ServiceView):
    @extend_schema(request=CommandSerializer, responses={200: CommandReplySerializer, **error_responses(
        Code.NOT_SIGNED_IN, Code.NOT_A_CUSTOMER, Code.INVALID_INPUT, Code.THROTTLED)})
    def post(self, request):
        from smartbank_desktop.voice.dialogue import Dialogue
        from smartbank_desktop.voice.events import EventKind

        data = self.validated(CommandSerializer)
        customer = current_customer(request)
        words = (data["text"], data["language"])
        asked = data.get("conversation_id")
        with conversations.turn(request.user.pk, str(asked) if asked else None) as conversation:
            if conversation.replays(words):
                return Response(conversation.reply)
            heard: list = []
            dialogue = Dialogue(ServiceBank(customer, request), language=data["language"],
                                conversation_id=conversation.id,
                                on_event=lambda event: heard.append(event) if event.kind == EventKind.INTENT else None)
            dialogue.state = conversation.state
            answering = dialogue.state.expecting is not None and bool(data["text"])
            reply = dialogue.handle_text(data["text"])
            body = {
                "conversation_id": conversation.id,
                "intent": heard[0].intent if heard else None,
                "slots": heard[0].slots if heard else {},
                "reply": reply.text,
                "expecting": reply.expecting,
                "end_session": reply.end_session,
                "refusal": reply.refusal,
            }
            conversation.state, conversation.ended = dialogue.state, reply.end_session
            conversation.remember(words, answering, body)
        return Response(body)
