"""Customer notification preferences, and what each order's customer was told."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from ordermind.domain.errors import Forbidden
from ordermind.domain.orders import Customer
from ordermind.services import notifications as svc
from ordermind.services import ordering

from ..auth import Principal, Role, require
from ..deps import json_response, principal, uow, write
from ..examples import add_example
from ..permissions import Perm

router = APIRouter(tags=["notifications"])
OrderId = Annotated[int, Path(gt=0, le=2**62)]
Email = Annotated[str, Path(min_length=3, max_length=254)]


class QuietHoursIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: str = Field(examples=["21:00"], description="HH:MM on the customer's clock")
    end: str = Field(examples=["08:00"], description="HH:MM; before start = across midnight")
    timezone: str = Field(examples=["Europe/Berlin"], description="IANA time zone")


class PreferencesIn(BaseModel):
    """The whole set (PUT replaces it); a field left out takes its default."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=add_example)
    channels: dict[str, StrictBool] = Field(
        default_factory=lambda: {"email": True, "webhook": False},
        description="email, webhook: which channels the customer is told through",
    )
    opted_out: list[str] = Field(
        default_factory=list,
        description="milestones not to be told about: confirmed, "
        "shipped, delay_predicted, delivered, return_received, refunded",
    )
    opt_out_all: StrictBool = False
    locale: str | None = Field(
        default=None, examples=["de"], description="default: the ship-to country's language"
    )
    quiet_hours: QuietHoursIn | None = None


def _email(value: str) -> str:
    return Customer(value).email  # the same check and normal form as on an order


def _may_manage(who: Principal, work, email: str) -> None:
    require(who, Perm.PREFERENCES_MANAGE)
    if who.role is Role.CHANNEL:
        channels = work.notifications.customer_channels(email) or set()
        if who.channel not in channels:
            raise Forbidden(
                f"this key may only manage customers who ordered through channel {who.channel}"
            )


def _view(email: str, prefs, stored: bool) -> dict:
    return {"email": email, **prefs.to_dict(), "default": not stored}


@router.get(
    "/v1/customers/{email}/notification-preferences",
    summary="A customer's notification channels, opt-outs, locale and quiet hours",
)
def get_notification_preferences(
    email: Email, request: Request, who: Principal = Depends(principal)
):
    email = _email(email)
    with uow(request, readonly=True) as work:
        _may_manage(who, work, email)
        prefs, stored = svc.preferences_of(work, email)
    return json_response(_view(email, prefs, stored))


@router.put(
    "/v1/customers/{email}/notification-preferences",
    summary="Set a customer's notification preferences (opt-out, quiet hours...)",
)
def put_notification_preferences(
    email: Email, body: PreferencesIn, request: Request, who: Principal = Depends(principal)
):
    email = _email(email)

    def change(work):
        _may_manage(who, work, email)
        return svc.set_preferences(work, email, body.model_dump(), who.actor)

    prefs = write(request, change)
    return json_response(_view(email, prefs, True))


@router.get(
    "/v1/orders/{order_id}/notifications",
    summary="What the order's customer was told: when, through what, delivery status",
)
def order_notifications(order_id: OrderId, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.NOTIFICATIONS_READ)
    with uow(request, readonly=True) as work:
        ordering.get_order(work, order_id, who.channel_scope)
        return json_response(svc.order_notifications(work, order_id))
