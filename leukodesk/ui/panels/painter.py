"""The one rule by which a panel may skip painting: its view data equals the last it painted.

Every panel that shows a result is ``view(state) → view data → paint(view data)``. The view
data is a frozen value of plain Python data (strings, numbers, tuples, frozen dataclasses:
no Qt object), holding everything the panel shows; ``paint`` sets the panel's widgets from
it and from nothing else. A :class:`Painter` sits between the two: it paints a view unless
it equals the view painted last. There is no list of "what this panel reads" to keep up to
date: if a shown detail is not in the view data, the panel cannot show it at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")
_NOTHING = object()  # nothing painted yet, or the last paint failed


class Painter(Generic[V]):
    """Paints view data with ``paint``, skipping a view equal to the last one painted."""

    def __init__(self, paint: Callable[[V], None]) -> None:
        self._paint = paint
        self._last: object = _NOTHING
        self.paints = 0  # views painted so far

    def show(self, view: V) -> bool:
        """Paint ``view`` unless it equals the last view painted; whether it painted. A
        paint that raises counts as nothing painted, so the next view is painted whole."""
        if view == self._last:
            return False
        self._last = _NOTHING
        self._paint(view)
        self._last = view
        self.paints += 1
        return True

    @property
    def painted(self) -> V | None:
        """The view data last painted (None before the first paint)."""
        return None if self._last is _NOTHING else self._last  # type: ignore[return-value]
