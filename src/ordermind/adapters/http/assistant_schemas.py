"""Request bodies of the assistant and agent-desk routes."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictBool, StrictInt

from .schemas import Strict

Text = Annotated[str, Field(min_length=1, max_length=2000)]
Word = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[a-z][a-z_-]*$")]


class CustomerTokenIn(Strict):
    email: Annotated[
        str, Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    ]
    ttl_seconds: Annotated[StrictInt, Field(ge=60, le=86_400)] = 3600
    channel: Annotated[str | None, Field(min_length=1, max_length=64)] = None  # staff keys


class ConversationIn(Strict):
    locale: Annotated[str, Field(min_length=2, max_length=16, pattern=r"^[A-Za-z_-]+$")] = "en"
    customer_token: Annotated[str | None, Field(min_length=10, max_length=1000)] = None


class MessageIn(Strict):
    text: Text


class ReplyIn(Strict):
    text: Text


class ResolveIn(Strict):
    resolution: Text


class ReassignIn(Strict):
    agent_id: Annotated[StrictInt | None, Field(ge=1, le=2**62)] = None  # None: back to the queue


class AgentIn(Strict):
    name: Annotated[str, Field(min_length=1, max_length=128)]
    key_id: Annotated[StrictInt, Field(ge=1, le=2**62)]  # the agent's API key
    skills: Annotated[list[Word], Field(min_length=1, max_length=10)]
    languages: Annotated[list[Word], Field(min_length=1, max_length=10)]
    capacity: Annotated[StrictInt, Field(ge=1, le=100)] = 5
    active: StrictBool = True
