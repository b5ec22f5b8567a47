"""Who may do what: one permission per resource and action, the permissions each role
holds, and the scopes that narrow a key below its role.

Every route names the one permission it needs (`auth.require`); this table is the only
place that says which roles hold it. A key's scope can only take permissions away: a
`read_only` operator key reads what an operator reads and changes nothing; an
`intake_only` channel key submits and reads its own channel's documents and nothing else.
Which rows a permission shows (a channel key's own channel only) is the routes' business;
this module says only whether the action is allowed at all."""

from __future__ import annotations

from enum import StrEnum

from .roles import Role


class Perm(StrEnum):
    ORDERS_READ = "orders:read"
    ORDERS_CREATE = "orders:create"
    ORDERS_CHANGE = "orders:change"  # cancel, edit, holds, place a draft
    ORDERS_OPERATE = "orders:operate"  # release to the warehouse, close
    PRICES_SET = "prices:set"  # a unit_price other than the catalog's on an order
    PRODUCTS_READ = "products:read"
    PRODUCTS_WRITE = "products:write"
    NODES_READ = "nodes:read"
    NODES_WRITE = "nodes:write"  # nodes, their outages and restores
    CHANNELS_READ = "channels:read"
    CHANNELS_WRITE = "channels:write"  # channel rules, ring fences, priorities
    AVAILABILITY_READ = "availability:read"
    INVENTORY_READ = "inventory:read"  # stock positions and inbound supply, every node
    INVENTORY_WRITE = "inventory:write"
    PLANNING_READ = "planning:read"  # forecasts and replenishment proposals
    PLANNING_WRITE = "planning:write"
    FULFILMENT_READ = "fulfilment:read"  # shipments, returns, invoices
    FULFILMENT_WRITE = "fulfilment:write"  # ship, deliver, refund
    RETURNS_CREATE = "returns:create"  # open a return for a customer
    ALERTS_READ = "alerts:read"
    KPIS_READ = "kpis:read"
    EXCEPTIONS_READ = "exceptions:read"
    EXCEPTIONS_ACT = "exceptions:act"  # apply or dismiss fixes, care settings
    CARE_READ = "care:read"  # substitutes, carrier delays: network-wide care data
    REVIEWS_READ = "reviews:read"
    REVIEWS_DECIDE = "reviews:decide"
    INTAKE_SUBMIT = "intake:submit"
    INTAKE_READ = "intake:read"
    INTAKE_REVIEW = "intake:review"  # the review queue, and resolving documents in it
    NOTIFICATIONS_READ = "notifications:read"
    PREFERENCES_MANAGE = "preferences:manage"  # a customer's opt-outs, locale, quiet hours
    WEBHOOKS_MANAGE = "webhooks:manage"
    CONNECTORS_MANAGE = "connectors:manage"  # shop connectors, their secrets, pushes
    KEYS_MANAGE = "keys:manage"
    AUDIT_READ = "audit:read"
    CUSTOMERS_PRIVACY = "customers:privacy"  # erase and export a customer's data
    METRICS_READ = "metrics:read"
    ASSISTANT_CHAT = "assistant:chat"  # open a conversation and talk in it
    ASSISTANT_TOKENS = "assistant:tokens"  # vouch for a logged-in customer (server-side)
    CONVERSATIONS_READ = "conversations:read"  # transcripts
    DESK_WORK = "desk:work"  # my queue: claim, reply, resolve
    DESK_ASSIGN = "desk:assign"  # reassign anyone's case, route the queues
    AGENTS_MANAGE = "agents:manage"  # who is an agent, with which skills
    TAX_READ = "tax:read"  # tax rates by ship-to country and tax class
    TAX_WRITE = "tax:write"
    EXPERIMENTS_READ = "experiments:read"  # live pilots and their reports
    EXPERIMENTS_MANAGE = "experiments:manage"  # start and stop them

    @property
    def reads_only(self) -> bool:
        return self.value.endswith(":read")


class Scope(StrEnum):
    """What a key is for, below its role. No scope: everything the role may do."""

    READ_ONLY = "read_only"
    INTAKE_ONLY = "intake_only"
    # a key embedded in a public page (the chat widget): it can chat and nothing else
    ASSISTANT_ONLY = "assistant_only"


_ALL = frozenset(Perm)
_READS = frozenset(p for p in Perm if p.reads_only)
# Network-wide data a shop's key has no business reading: every channel's stock, inbound,
# forecasts, proposals, care data, review queues, the audit trail and the metrics.
_NETWORK_READS = frozenset(
    {
        Perm.INVENTORY_READ,
        Perm.PLANNING_READ,
        Perm.CARE_READ,
        Perm.REVIEWS_READ,
        Perm.AUDIT_READ,
        Perm.METRICS_READ,
        Perm.CONVERSATIONS_READ,
    }
)
# channel rules decide prices, fences and priorities: an admin's, like keys and webhooks
_ADMIN_ONLY = frozenset(
    {
        Perm.CHANNELS_WRITE,
        Perm.TAX_WRITE,  # the tax every invoice charges
        Perm.EXPERIMENTS_MANAGE,  # which policy serves live orders
        Perm.WEBHOOKS_MANAGE,
        Perm.CONNECTORS_MANAGE,
        Perm.KEYS_MANAGE,
        Perm.AUDIT_READ,
        Perm.CUSTOMERS_PRIVACY,
        Perm.AGENTS_MANAGE,
    }
)
_SERVICE = frozenset(
    {
        Perm.ORDERS_CREATE,
        Perm.ORDERS_CHANGE,
        Perm.PRICES_SET,
        Perm.RETURNS_CREATE,
        Perm.REVIEWS_DECIDE,
        Perm.INTAKE_SUBMIT,
        Perm.INTAKE_REVIEW,
        Perm.ASSISTANT_CHAT,
        Perm.DESK_WORK,
    }
)

ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.ADMIN: _ALL,
    Role.OPERATOR: _ALL - _ADMIN_ONLY - {Perm.ASSISTANT_TOKENS},
    # customer service: reads everything an operator reads, changes orders for customers
    Role.AGENT: (_READS - {Perm.AUDIT_READ}) | _SERVICE,
    # a shop or marketplace: its own channel's orders and documents (the routes filter)
    Role.CHANNEL: frozenset(
        {
            Perm.ORDERS_READ,
            Perm.ORDERS_CREATE,
            Perm.PRODUCTS_READ,
            Perm.NODES_READ,
            Perm.CHANNELS_READ,
            Perm.AVAILABILITY_READ,
            Perm.FULFILMENT_READ,
            Perm.ALERTS_READ,
            Perm.KPIS_READ,
            Perm.EXCEPTIONS_READ,
            Perm.INTAKE_SUBMIT,
            Perm.INTAKE_READ,
            Perm.NOTIFICATIONS_READ,
            Perm.PREFERENCES_MANAGE,  # only for customers who ordered through it
            Perm.ASSISTANT_CHAT,  # its own customers, about its own orders
            Perm.ASSISTANT_TOKENS,
            Perm.TAX_READ,  # to show its customers prices with the tax they pay
        }
    ),
    Role.VIEWER: _READS - {Perm.AUDIT_READ},
}

SCOPE_PERMISSIONS: dict[Scope, frozenset[Perm]] = {
    Scope.READ_ONLY: _READS,
    Scope.INTAKE_ONLY: frozenset({Perm.INTAKE_SUBMIT, Perm.INTAKE_READ}),
    Scope.ASSISTANT_ONLY: frozenset({Perm.ASSISTANT_CHAT}),
}

assert not (ROLE_PERMISSIONS[Role.CHANNEL] & _NETWORK_READS), "a channel key reads its own"


def granted(role: Role, scope: Scope | None = None) -> frozenset[Perm]:
    """The permissions of a key with `role` and `scope`."""
    perms = ROLE_PERMISSIONS[role]
    return perms if scope is None else perms & SCOPE_PERMISSIONS[scope]
