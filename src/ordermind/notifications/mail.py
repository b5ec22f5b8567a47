"""The e-mail for a rendered message: plain text with an HTML alternative, and a
Message-ID fixed by what the message is about, so a resend is recognisably the same mail."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from .render import Rendered


def message_key(order_id: int, milestone: str, subject: str, channel: str) -> str:
    """What makes a message unique: one per order, milestone, subject and channel."""
    return f"{order_id}/{milestone}/{subject}/{channel}"


def message_id(order_id: int, milestone: str, subject: str, channel: str, domain: str) -> str:
    digest = hashlib.sha256(message_key(order_id, milestone, subject, channel).encode())
    return f"<om.{order_id}.{milestone}.{digest.hexdigest()[:16]}@{domain}>"


def domain_of(address: str) -> str:
    return address.rpartition("@")[2].strip("<> ") or "localhost"


def build_email(
    rendered: Rendered,
    to: str,
    sender: str,
    msg_id: str,
    order_number: str,
    date: datetime,
    reply_to: str | None = None,
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = Address(addr_spec=to)
    if reply_to:
        msg["Reply-To"] = reply_to
    msg["Subject"] = rendered.subject
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = msg_id
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to us
    msg["X-Ordermind-Order"] = order_number
    msg.set_content(rendered.text)
    msg.add_alternative(rendered.html, subtype="html")
    # after the bodies: setting content drops the Content-* headers set before
    msg["Content-Language"] = rendered.locale.replace("_", "-")
    return msg


_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def redact(text: str) -> str:
    """An SMTP error often quotes the recipient: keep its domain only."""
    return _ADDRESS.sub(r"***@\1", text)
