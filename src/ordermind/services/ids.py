import secrets


def new_id(prefix: str) -> str:
    """Opaque identifier for child records (holds, shipments, invoices, returns)."""
    return f"{prefix}_{secrets.token_hex(8)}"
