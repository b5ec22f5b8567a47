"""The notification dispatcher: plans the outbox into messages and sends the due ones.

Each step is its own short unit of work, so no transaction is open while an SMTP server
answers: claim (the message becomes `sending`, one more attempt, due again when its lease
runs out) - send - mark (sent, or retried after a back-off, or failed). Several
dispatchers (API workers, hosts, the CLI) can run at once: PostgreSQL hands each its own
rows (FOR UPDATE SKIP LOCKED), SQLite has one writer.

Delivery is at least once, never silently lost: a dispatcher that dies between the SMTP
server's "250 OK" and the mark leaves the message `sending`; once the lease runs out the
next pass sends it again, with the same Message-ID (no SMTP exchange can make the send and
our mark one atomic step). Webhook messages are exactly once into the webhook outbox: the
event and the mark are one transaction. Nothing else is ever sent twice: every message is
unique per (order, milestone, subject, channel), so a repeated event, a re-enqueue, a
retry of a planning pass or a restart plans nothing new."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from typing import Protocol

from ordermind.adapters.background import Periodic
from ordermind.domain.clock import utcnow
from ordermind.notifications.mail import build_email, domain_of, redact
from ordermind.notifications.policy import NotifyPolicy
from ordermind.notifications.render import render
from ordermind.notifications.store import Message
from ordermind.services import notifications as svc
from ordermind.services.unit_of_work import AbstractUnitOfWork

from .smtp import SendFailed

log = logging.getLogger("ordermind.notifications")


class EmailSender(Protocol):
    @property
    def sender(self) -> str: ...  # read-only: SmtpSender derives it from its settings

    def send(self, message: EmailMessage) -> None: ...


class Notifier:
    def __init__(
        self,
        unit_of_work: Callable[[], AbstractUnitOfWork],
        email: EmailSender | None,
        policy: NotifyPolicy | None = None,
        *,
        peek: Callable[[], AbstractUnitOfWork] | None = None,
        clock: Callable[[], datetime] = utcnow,
        batch: int = 50,
    ) -> None:
        self.uow = unit_of_work
        self.peek = peek or unit_of_work  # a read-only unit of work, to look for work
        self.email = email
        # by default customers are told to write to the address the mail comes from
        self.policy = policy or NotifyPolicy(
            support=email.sender if email is not None else NotifyPolicy.support
        )
        self.clock = clock
        self.batch = batch
        self.configured = frozenset({"webhook"} | ({"email"} if email is not None else set()))
        self.domain = domain_of(email.sender) if email is not None else "localhost"
        self._periodic: Periodic | None = None

    # -- one pass ------------------------------------------------------------------
    def run_once(self) -> svc.PassReport:
        """Plan what the outbox holds, then send what is due."""
        report = svc.PassReport()
        with self.peek() as work:
            if not work.notifications.has_work(self.clock()):
                return report
        report.add(self.plan())
        report.add(self.send_due())
        if report.sent or report.failed or report.retrying:
            log.info(
                "notifications pass",
                extra={
                    "fields": {
                        "planned": report.planned,
                        "sent": report.sent,
                        "retrying": report.retrying,
                        "failed": report.failed,
                        "suppressed": report.suppressed,
                    }
                },
            )
        return report

    def plan(self) -> svc.PassReport:
        with self.uow() as work:
            report = svc.plan_pending(
                work, self.clock(), self.configured, self.policy, self.domain, self.batch
            )
            work.commit()
        return report

    def send_due(self) -> svc.PassReport:
        report = svc.PassReport()
        with self.uow() as work:
            claimed = svc.claim_due(work, self.clock(), self.policy, self.batch)
            work.commit()
        for m in claimed:
            outcome = self._deliver(m)
            if outcome == "sent":
                report.sent += 1
                report.by_channel[m.channel] = report.by_channel.get(m.channel, 0) + 1
            elif outcome == "failed":
                report.failed += 1
            elif outcome == "pending":
                report.retrying += 1
        return report

    def _deliver(self, m: Message) -> str:
        try:
            rendered = render(m.milestone, m.locale, m.context)
        except Exception as exc:  # a template that cannot render will not on a retry either
            return self._failed(m, f"cannot render: {type(exc).__name__}: {exc}", True)
        if m.channel == "webhook":
            with self.uow() as work:
                done = svc.hand_to_webhooks(work, m, self.clock(), rendered)
                work.commit()
            return "sent" if done else "lost"
        if m.channel != "email" or self.email is None:
            return self._failed(m, f"channel {m.channel} is not configured", False)
        try:
            message = build_email(
                rendered,
                m.recipient,
                self.email.sender,
                m.message_id,
                str(m.context.get("order_number")),
                self.clock(),
            )
        except (ValueError, IndexError) as exc:  # an address no mail can be written to
            return self._failed(m, f"cannot write the e-mail: {exc}", True)
        try:
            self.email.send(message)
        except SendFailed as exc:
            return self._failed(m, exc.error, exc.permanent)
        except Exception as exc:  # an unexpected sender error: retried like a network one
            return self._failed(m, f"{type(exc).__name__}: {exc}", False)
        # A crash here (after the server took the message, before this mark) leaves the
        # message `sending`: it is sent again, with the same Message-ID, after its lease.
        with self.uow() as work:
            done = svc.mark_sent(work, m, self.clock(), rendered.subject)
            work.commit()
        return "sent" if done else "lost"

    def _failed(self, m: Message, error: str, permanent: bool) -> str:
        with self.uow() as work:
            status = svc.mark_failed(work, m, self.clock(), error, permanent, self.policy)
            work.commit()
        log.warning(
            "notification not sent",
            extra={
                "fields": {
                    "notification": m.id,
                    "channel": m.channel,
                    "attempt": m.attempts,
                    "status": status,
                    "error": redact(error)[:300],
                }
            },
        )
        return status

    def drain(self, max_passes: int = 100) -> svc.PassReport:
        """Passes until nothing is left to plan and nothing is due now."""
        total = svc.PassReport()
        for _ in range(max_passes):
            report = self.run_once()
            total.add(report)
            if not (
                report.planned
                or report.sent
                or report.retrying
                or report.failed
                or report.suppressed
                or report.skipped
            ):
                break
        return total

    # -- in the background -------------------------------------------------------------
    def start(self, interval: float) -> None:
        self._periodic = Periodic("notifier", interval, self.run_once)
        self._periodic.start()

    def stop(self) -> None:
        if self._periodic is not None:
            self._periodic.stop()
