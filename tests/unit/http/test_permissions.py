"""The permission table: what each role and scope may do, and SECURITY.md saying the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from ordermind.adapters.http.permissions import ROLE_PERMISSIONS, Perm, Scope, granted
from ordermind.adapters.http.roles import Role

SECURITY_MD = Path(__file__).resolve().parents[3] / "SECURITY.md"


def _documented() -> dict[Role, set[Perm]]:
    rows = [ln for ln in SECURITY_MD.read_text().splitlines() if ln.startswith("| `")]
    header = next(
        ln for ln in SECURITY_MD.read_text().splitlines() if ln.startswith("| permission")
    )
    roles = [Role(c.strip()) for c in header.strip("|").split("|")[1:]]
    table: dict[Role, set[Perm]] = {r: set() for r in roles}
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        perm = Perm(cells[0].strip("`"))
        for role, cell in zip(roles, cells[1:], strict=True):
            if cell:
                table[role].add(perm)
    return table


def test_security_md_lists_every_permission_of_every_role_as_the_code_grants_it():
    documented = _documented()
    assert set(documented) == set(Role)
    assert documented == {r: set(p) for r, p in ROLE_PERMISSIONS.items()}


def test_only_admins_manage_keys_webhooks_channels_the_audit_and_privacy():
    admin_only = {
        Perm.KEYS_MANAGE,
        Perm.WEBHOOKS_MANAGE,
        Perm.CHANNELS_WRITE,
        Perm.AUDIT_READ,
        Perm.CUSTOMERS_PRIVACY,
    }
    for role in Role:
        held = admin_only & ROLE_PERMISSIONS[role]
        assert held == (admin_only if role is Role.ADMIN else set()), role


def test_a_viewer_and_a_read_only_key_hold_reads_only():
    assert all(p.reads_only for p in granted(Role.VIEWER))
    for role in Role:
        assert all(p.reads_only for p in granted(role, Scope.READ_ONLY))


@pytest.mark.parametrize("role", list(Role))
def test_a_scope_never_grants_what_the_role_does_not_hold(role):
    for scope in Scope:
        assert granted(role, scope) <= granted(role)


def test_an_intake_only_key_may_submit_and_read_documents_and_nothing_else():
    assert granted(Role.CHANNEL, Scope.INTAKE_ONLY) == {Perm.INTAKE_SUBMIT, Perm.INTAKE_READ}
    assert granted(Role.VIEWER, Scope.INTAKE_ONLY) == {Perm.INTAKE_READ}
