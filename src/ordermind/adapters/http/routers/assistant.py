"""The customer order assistant: conversations for a shop's customers (its channel key,
or a widget's `assistant_only` key), signed customer tokens for logged-in customers, and
transcripts for staff."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from ordermind.adapters.webhooks import vault
from ordermind.assistant import tokens
from ordermind.domain.clock import utcnow
from ordermind.domain.errors import Forbidden, ValidationFailed
from ordermind.services import assistant as svc

from ..assistant_schemas import ConversationIn, CustomerTokenIn, MessageIn
from ..auth import Principal, require
from ..deps import json_response, principal, uow, write
from ..permissions import Perm

router = APIRouter(prefix="/v1/assistant", tags=["assistant"])
ConversationId = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_]+$")]
TOKEN_PURPOSE = "assistant-customer-token"


def _token_key() -> bytes:
    return vault.derived_key(TOKEN_PURPOSE)


@router.post("/customer-tokens", status_code=201, summary="Vouch for a logged-in customer")
def create_customer_token(body: CustomerTokenIn, who: Principal = Depends(principal)):
    """Called by the shop's server with its channel key (never from a browser): a
    short-lived token that verifies this customer to the assistant for their own orders
    in this channel."""
    require(who, Perm.ASSISTANT_TOKENS)
    channel = who.channel_scope or body.channel
    if who.channel_scope and body.channel not in (None, who.channel_scope):
        raise Forbidden(f"this key may only vouch for customers of channel {who.channel_scope}")
    if channel is None:
        raise ValidationFailed("give the channel the token is for")
    expires = time.time() + body.ttl_seconds
    token = tokens.sign(_token_key(), channel, body.email, expires)
    return json_response(
        {"token": token, "channel": channel, "expires_at": datetime.fromtimestamp(expires, UTC)},
        201,
    )


@router.post("/conversations", status_code=201, summary="Start a conversation")
def start_conversation(body: ConversationIn, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.ASSISTANT_CHAT)
    channel = who.channel_scope
    vouched = None
    if body.customer_token is not None:
        if channel is None:
            raise ValidationFailed("a customer token is only taken on a channel's key")
        try:
            vouched = tokens.verify(_token_key(), body.customer_token, channel)
        except tokens.TokenInvalid as exc:
            raise Forbidden(str(exc)) from None
    _, reply = write(
        request,
        lambda work: svc.open_conversation(
            work, channel, body.locale, who.actor, utcnow(), vouched
        ),
    )
    return json_response(reply.as_dict(), 201)


@router.post(
    "/conversations/{conversation_id}/messages",
    summary="Say something; the answer carries the recognised intent, confidence and action",
)
def send_message(
    conversation_id: ConversationId,
    body: MessageIn,
    request: Request,
    who: Principal = Depends(principal),
):
    require(who, Perm.ASSISTANT_CHAT)
    understander = request.app.state.understander  # loads the model on first use
    reply = write(
        request,
        lambda work: svc.post_message(
            work, conversation_id, body.text, who.channel_scope, understander, utcnow()
        ),
    )
    return json_response(reply.as_dict())


@router.get(
    "/conversations/{conversation_id}/messages",
    summary="The conversation's messages after `after`, for the customer's side (an agent's "
    "answers after a hand-off)",
)
def list_new_messages(
    conversation_id: ConversationId,
    request: Request,
    after: Annotated[int, Query(ge=0, le=10**6)] = 0,
    who: Principal = Depends(principal),
):
    require(who, Perm.ASSISTANT_CHAT)
    with uow(request, readonly=True) as work:
        conv, found = svc.since(work, conversation_id, who.channel_scope, after)
    return json_response(
        {
            "conversation_id": conv.id,
            "state": conv.memory.get("state"),
            "messages": [
                {"seq": m.seq, "author": m.author, "text": m.text, "at": m.at} for m in found
            ],
        }
    )


@router.get("/conversations/{conversation_id}", summary="A conversation's transcript (staff)")
def get_conversation(
    conversation_id: ConversationId, request: Request, who: Principal = Depends(principal)
):
    require(who, Perm.CONVERSATIONS_READ)
    with uow(request, readonly=True) as work:
        conv, messages = svc.transcript(work, conversation_id)
    return json_response(conversation_view(conv, messages))


def conversation_view(conv, messages) -> dict:
    return {
        "id": conv.id,
        "channel": conv.channel,
        "locale": conv.locale,
        "state": conv.memory.get("state"),
        "order_id": conv.order_id,
        "case_id": conv.case_id,
        "created_at": conv.created_at,
        "updated_at": conv.updated_at,
        "messages": [
            {
                "seq": m.seq,
                "author": m.author,
                "actor": m.actor,
                "text": m.text,
                "intent": m.intent,
                "confidence": m.confidence,
                "action": m.action,
                "at": m.at,
            }
            for m in messages
        ],
    }
