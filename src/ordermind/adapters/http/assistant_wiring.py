"""Where the HTTP app gets the assistant's understanding from: the understander given to
`create_app`, or else the trained classifier, `ordermind.assistant.model.load_understander()`,
loaded on first use (once per worker) so a server that never chats never loads it."""

from __future__ import annotations

import importlib
import threading

from ordermind.assistant.understanding import Understander, Understanding

from .problems import ApiError

MODEL_MODULE = "ordermind.assistant.model"


class UnderstanderSlot:
    def __init__(self, given: Understander | None = None) -> None:
        self._given = given
        self._lock = threading.Lock()

    def get(self) -> Understander:
        if self._given is None:
            with self._lock:
                if self._given is None:
                    self._given = _load()
        return self._given

    def understand(self, text: str) -> Understanding:
        """The slot is an understander itself: the model loads on the first message that
        reaches it (a request refused before that never loads it)."""
        return self.get().understand(text)


def _load() -> Understander:
    try:
        module = importlib.import_module(MODEL_MODULE)
    except ImportError as exc:
        raise ApiError(
            503, f"the assistant's understanding model is not available ({exc})", "unavailable"
        ) from None
    understander: Understander = module.load_understander()
    return understander
