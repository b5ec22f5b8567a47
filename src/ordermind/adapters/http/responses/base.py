"""What every response model shares: open to fields added later (a client keeps them in
`additional_properties` instead of failing), money described once."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class Out(BaseModel):
    """A JSON object the API answers. Documentation only: handlers build plain dicts
    (`views.py`), so no response is validated or filtered through these models."""

    model_config = ConfigDict(extra="allow")


MONEY_DESCRIPTION = (
    "integer amount in minor units of the currency, as its ISO 4217 exponent says: "
    "1999 EUR = 19.99, 1999 JPY = 1999, 1999 KWD = 1.999"
)
Money = Annotated[int, Field(description=MONEY_DESCRIPTION)]
Cursor = Annotated[
    str | None,
    Field(description="pass as `cursor` for the next page; null on the last page"),
]


class PurgedReplay(Out):
    """The answer to an Idempotency-Key retried after its stored answer was purged
    (`/v1/privacy/retention`: it held customer data): the id of what the first request
    created, never a second one."""

    purged: bool = Field(description="always true")
    id: int | str | None = Field(description="the id of what the first request created")
