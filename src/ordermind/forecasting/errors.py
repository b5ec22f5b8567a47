"""The one error a caller can show as it is: a line naming the problem and the fix."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input to the forecaster (a file, an option): one line, problem and fix."""
