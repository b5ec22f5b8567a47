"""What the command line shares: who the audit trail names for a change made from it."""

from __future__ import annotations

import getpass
import os


def cli_actor() -> str:
    """cli:<login name> (uid<n> where the process has no login name, as in a container
    without a passwd entry)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = f"uid{os.getuid()}" if hasattr(os, "getuid") else "unknown"
    return f"cli:{user}"[:64]
