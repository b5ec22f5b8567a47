"""One customer message of an assistant conversation: what it changes in the
conversation's memory, the verification it needs, the answer from the live record, the
change it drafts (confirmed by a later yes) and the hand-off to a person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ordermind.assistant import answers
from ordermind.assistant.dialogue import Memory, State, yes_or_no
from ordermind.assistant.facts import LineFacts
from ordermind.assistant.handoff import HandoffPolicy, low_confidence, reason_to_hand_off
from ordermind.assistant.intents import ORDER_INTENTS, Intent
from ordermind.assistant.templates import listing, say
from ordermind.assistant.understanding import Understanding
from ordermind.domain.errors import DomainError, NotFound
from ordermind.domain.orders import Order
from ordermind.services import assistant_drafts as drafts
from ordermind.services import assistant_verify as verification
from ordermind.services import desk
from ordermind.services.assistant_actions import do_action
from ordermind.services.assistant_facts import cancellable, order_facts
from ordermind.services.assistant_store import ChatMessage, Conversation
from ordermind.services.assistant_verify import ACTOR_PREFIX, Outcome, VerifyLimits
from ordermind.services.unit_of_work import AbstractUnitOfWork


@dataclass(frozen=True)
class AssistantSettings:
    policy: HandoffPolicy = HandoffPolicy()
    verification: VerifyLimits = VerifyLimits()
    return_days: int = 30  # delivered lines may be returned this long
    repeat_window: timedelta = timedelta(days=14)


class Turn:
    """One customer message: what it changes and what the assistant answers."""

    def __init__(
        self,
        uow: AbstractUnitOfWork,
        conv: Conversation,
        mem: Memory,
        u: Understanding,
        text: str,
        settings: AssistantSettings,
        now: datetime,
    ) -> None:
        self.uow, self.conv, self.mem, self.u, self.text = uow, conv, mem, u, text
        self.settings, self.now = settings, now
        self.loc = conv.locale
        self.action: dict | None = None
        # the question in hand a message only gave details for ("the postcode is ..."):
        # what the answer is about, whatever the message alone reads as
        self.carried: Intent | None = None

    def log(self, author: str, text: str, **more: object) -> None:
        self.mem.seq += 1
        self.uow.assistant.add_message(
            ChatMessage(self.conv.id, self.mem.seq, author, text, self.now, **more)  # type: ignore[arg-type]
        )

    # -- the turn -------------------------------------------------------------------
    def run(self) -> str | None:
        mem, u = self.mem, self.u
        if mem.state is State.CLOSED:
            return say(self.loc, "closed")
        if mem.state is State.HANDED_OFF:
            return None  # a person answers; the message is in the transcript for them
        ents = u.entities
        for given in (*ents.emails, *ents.postcodes):  # what answers may echo, and proof
            if given not in mem.given and len(mem.given) < 10:
                mem.given.append(given)
        giving_address = mem.state is State.AWAITING_DETAIL and (mem.pending or {}).get(
            "kind"
        ) == str(Intent.CHANGE_ADDRESS)  # a house number is not an order number
        ref = verification.canonical(ents.order_numbers[0]) if ents.order_numbers else None
        if ref is not None and ref != mem.order_ref and not giving_address:
            mem.order_ref = ref
            mem.order_id = None  # another order: verified again
        if mem.state is State.AWAITING_CONFIRMATION:
            yn = yes_or_no(self.text)
            if yn is not None:
                return self._confirmed(yn)
            if not self._new_request():
                return say(self.loc, "confirm_yes_no")
            mem.pending, mem.state = None, State.OPEN
        if mem.state is State.AWAITING_DETAIL and mem.order_id is not None:
            got = self._detail()
            if got is not None:
                return got
            if not self._new_request():
                return self._ask_detail()
            mem.pending, mem.state = None, State.OPEN
        informing = bool(ents.order_numbers or ents.emails or ents.postcodes)
        # details given for the question in hand carry it on, whatever else they read as
        proof_only = mem.state is State.AWAITING_PROOF and not ents.order_numbers
        continuing = (
            informing
            and mem.intent is not None
            and (
                proof_only
                or u.intent not in ORDER_INTENTS
                or low_confidence(self.settings.policy, u)
            )
        )
        if continuing:
            self.carried = mem.intent
        else:
            early = self._triage()
            if early is not None:
                return early
        if mem.intent is None or mem.intent not in ORDER_INTENTS:
            return say(self.loc, "ask_order") if informing else say(self.loc, "greeting")
        prefix = ""
        if mem.order_id is None:
            refused = self._verify()
            if refused is not None:
                return refused
            prefix = say(self.loc, "verified", number=mem.order_ref) + " "
        order = self._order()
        handoff = self._order_handoff(order)
        answer = self._answer(order) if handoff is None or handoff != "high_value" else ""
        if handoff is not None:
            return (prefix + answer + " " + self._hand_off(handoff, order)).strip()
        return prefix + answer

    def _triage(self) -> str | None:
        """Hand-off, ask-back and the answers that need no order; None to go on."""
        mem, u, policy = self.mem, self.u, self.settings.policy
        reason = reason_to_hand_off(policy, u, ask_backs=mem.ask_backs)
        if reason is not None:
            prefix = say(self.loc, "complaint_ack") + " " if reason == "complaint" else ""
            return prefix + self._hand_off(reason, self._order_or_none())
        if low_confidence(policy, u):
            mem.ask_backs += 1
            choices = [str(i).replace("_", " ") for i, _ in u.alternatives[:2]] or [
                str(u.intent).replace("_", " ")
            ]
            return say(self.loc, "ask_back", choices=" or ".join(f"'{c}'" for c in choices))
        mem.ask_backs = 0
        if u.intent in (Intent.GREETING, Intent.THANKS, Intent.OUT_OF_SCOPE):
            return say(self.loc, str(u.intent))
        if u.intent is Intent.DELIVERY_OPTIONS:
            return say(self.loc, "delivery_options")
        if u.intent in ORDER_INTENTS:
            mem.intent, mem.asked = u.intent, self.text[:500]
        return None

    def _new_request(self) -> bool:
        """Has the customer moved on to another question (confidently)?"""
        u = self.u
        return not low_confidence(self.settings.policy, u) and u.intent not in (
            Intent.GREETING,
            Intent.THANKS,
            Intent.OUT_OF_SCOPE,
        )

    # -- verification ---------------------------------------------------------------
    def _verify(self) -> str | None:
        """None once verified for `mem.order_ref`; else what to say."""
        mem, ents = self.mem, self.u.entities
        if mem.order_ref is None:
            mem.state = State.AWAITING_ORDER
            return say(self.loc, "ask_order")
        emails, postcodes = list(ents.emails), list(ents.postcodes)
        if not emails and not postcodes and ents.order_numbers:
            # the number just now: the e-mail or postcode may have come before it
            emails = [g for g in mem.given if "@" in g]
            postcodes = [g for g in mem.given if "@" not in g]
        outcome, order = verification.verify(
            self.uow,
            self.conv,
            mem.order_ref,
            emails,
            postcodes,
            self.settings.verification,
            self.now,
        )
        if outcome is Outcome.VERIFIED and order is not None:
            mem.order_id = self.conv.order_id = order.stored_id
            mem.state = State.OPEN
            return None
        mem.state = State.AWAITING_PROOF
        if outcome is Outcome.NEEDS_PROOF:
            return say(self.loc, "ask_proof", number=mem.order_ref)
        return say(self.loc, "verify_locked" if outcome is Outcome.LOCKED else "verify_failed")

    def _order(self) -> Order:
        assert self.mem.order_id is not None
        order = self.uow.orders.get(self.mem.order_id)
        if order is None:
            raise NotFound("the order of this conversation is gone")
        return order

    def _order_or_none(self) -> Order | None:
        return None if self.mem.order_id is None else self._order()

    # -- answers and actions --------------------------------------------------------
    def _order_handoff(self, order: Order) -> str | None:
        since = self.now - self.settings.repeat_window
        contacts = self.uow.assistant.contacts_about(order.stored_id, since, self.conv.id) + 1
        u = Understanding(self.mem.intent or self.u.intent, 1.0)
        return reason_to_hand_off(
            self.settings.policy, u, ask_backs=0, order_total=order.total, contacts=contacts
        )

    def _answer(self, order: Order) -> str:
        facts = order_facts(self.uow, order)
        intent, loc, n = self.mem.intent, self.loc, facts.number
        if intent is Intent.ORDER_STATUS:
            return answers.status_answer(facts, loc)
        if intent is Intent.DELIVERY_DATE:
            return answers.delivery_answer(facts, loc)
        if intent is Intent.REFUND_STATUS:
            return answers.refund_answer(facts, loc)
        changes = (Intent.CANCEL_ORDER, Intent.CANCEL_ITEM, Intent.CHANGE_ADDRESS)
        if intent in changes and not cancellable(order):
            self.mem.intent = None
            return say(loc, "too_late_change", number=n)
        if intent is Intent.CANCEL_ORDER:
            return self._pend({"kind": "cancel_order"}, say(loc, "confirm_cancel_order", number=n))
        if intent is Intent.INVOICE_COPY:
            if not order.invoices:
                return say(loc, "no_invoice", number=n)
            return self._pend({"kind": "invoice_copy"}, say(loc, "confirm_invoice", number=n))
        self.mem.pending = {"kind": str(intent)}
        return self._detail() or self._ask_detail()

    def _pend(self, action: dict, question: str) -> str:
        self.mem.pending = action
        self.mem.state = State.AWAITING_CONFIRMATION
        self.action = {**action, "status": "pending"}
        return question

    def _ask_detail(self) -> str:
        order = self._order()
        facts = order_facts(self.uow, order)
        self.mem.state = State.AWAITING_DETAIL
        kind = (self.mem.pending or {}).get("kind")
        if kind == str(Intent.CHANGE_ADDRESS):
            return say(self.loc, "ask_address")
        return say(self.loc, "ask_item", number=facts.number, items=answers.say_items(facts))

    def _detail(self) -> str | None:
        """The pending action completed from this message (item, address), as a question
        to confirm; None when the message does not give it."""
        kind = (self.mem.pending or {}).get("kind")
        facts = order_facts(self.uow, self._order())
        draft: drafts.Draft | None = None
        if kind == str(Intent.CHANGE_ADDRESS):
            draft = drafts.address_draft(self.text)
            if draft is not None:
                self.mem.given.append(str(draft.values["address"]))
        elif kind == str(Intent.CANCEL_ITEM):
            live = [ln for ln in facts.lines if ln.ordered - ln.shipped > 0]
            draft = drafts.cancel_item_draft(self._pick(live), self.u.entities.quantities)
        elif kind == str(Intent.START_RETURN):
            able = drafts.returnable_lines(facts, self.now.date(), self.settings.return_days)
            if not able:
                self.mem.pending, self.mem.state, self.mem.intent = None, State.OPEN, None
                return say(self.loc, "nothing_to_return", number=facts.number)
            picked = self._pick(able)
            chosen = [picked] if picked is not None else able
            items = listing([f"{ln.returnable} × {ln.name}" for ln in chosen])
            draft = drafts.return_draft(chosen, items)
        if draft is None:
            return None
        question = say(self.loc, draft.template, number=facts.number, **draft.values)
        return self._pend(draft.action, question)

    def _pick(self, lines: list[LineFacts]) -> LineFacts | None:
        return drafts.pick_line(
            lines,
            self.u.entities.skus,
            (self.text, self.mem.asked or ""),
            asked_again=self.mem.state is State.AWAITING_DETAIL,
        )

    def _confirmed(self, yes: bool) -> str:
        mem = self.mem
        pending = mem.pending or {}
        mem.pending, mem.state, mem.intent = None, State.OPEN, None
        order = self._order()
        n = str(order.stored_id)
        if not yes:
            self.action = {**pending, "status": "declined"}
            return say(self.loc, "declined", number=n)
        try:
            said = do_action(
                self.uow,
                order,
                pending,
                f"{ACTOR_PREFIX}{self.conv.id}",
                self.conv.channel,
                self.loc,
            )
        except DomainError as exc:
            self.action = {**pending, "status": "failed", "error": exc.detail}
            return say(self.loc, "action_failed", why=exc.detail)
        self.action = {**pending, "status": "done", **said.pop("_result", {})}
        return said["text"]

    # -- hand-off -------------------------------------------------------------------
    def _hand_off(self, reason: str, order: Order | None) -> str:
        mem = self.mem
        mem.state = State.HANDED_OFF
        mem.pending = None
        facts = None if order is None else order_facts(self.uow, order)
        suggested = (
            answers.status_answer(facts, self.loc)
            if facts is not None
            else say(self.loc, "ask_order")
        )
        case = desk.open_conversation_case(
            self.uow,
            self.conv,
            reason=reason,
            order_id=None if order is None else order.stored_id,
            suggested_reply=suggested,
            summary=_summary(reason, self.mem, self.text),
            now=self.now,
        )
        self.conv.case_id = case.id
        self.action = {"kind": "hand_off", "status": "done", "reason": reason, "case_id": case.id}
        return say(self.loc, "handoff")


def _summary(reason: str, mem: Memory, text: str) -> str:
    about = f" about order {mem.order_id}" if mem.order_id is not None else ""
    topic = f" ({str(mem.intent).replace('_', ' ')})" if mem.intent else ""
    return f"{reason.replace('_', ' ')}{about}{topic}: {text[:200]}"
