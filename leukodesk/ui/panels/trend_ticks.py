"""The trend plot's time axis: :func:`date_ticks`, where the dates go and how they read
("5 Mar", "6 Mar 06:00", "Apr 2026"), in English month names whatever the locale."""

from __future__ import annotations

from datetime import datetime, timedelta

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAY_STEPS = (1 / 24, 1 / 8, 1 / 4, 1 / 2, 1, 2, 3, 7, 14)   # tick steps, in days
MONTH_STEPS = (1, 2, 3, 6, 12)                               # … then in months


def _label(at: datetime, step: float, first: bool, years: bool) -> str:
    day = f"{at.day} {MONTHS[at.month - 1]}"
    if step < 1:
        return f"{day} {at:%H:%M}" if first or (at.hour, at.minute) == (0, 0) \
            else f"{at:%H:%M}"
    if step >= 28:
        return f"{MONTHS[at.month - 1]} {at.year}" if first or at.month == 1 or years \
            else MONTHS[at.month - 1]
    return f"{day} {at.year}" if years and (first or (at.month, at.day) == (1, 1)) else day


def date_ticks(origin: str, span: float, most: int, most_hours: int | None = None
               ) -> list[tuple[float, str]]:
    """At most ``most`` ticks (days after ``origin``, label) over ``span`` days, or
    ``most_hours`` while they are hours apart (their labels are longer): every hour up to
    every 14 days at midnights, then the first of every month or more."""
    start = datetime.fromisoformat(origin)
    end = start + timedelta(days=span)
    years = start.year != end.year
    most = max(2, most)
    hours = max(2, most if most_hours is None else most_hours)
    step = next((s for s in DAY_STEPS if span / s + 1 <= (hours if s < 1 else most)), None)
    moments: list[datetime] = []
    if step is not None:
        unit = timedelta(days=step)
        at = datetime(start.year, start.month, start.day)
        while at < start:
            at += unit
        while at <= end:
            moments.append(at)
            at += unit
    else:
        months = next((m for m in MONTH_STEPS if span / (30.4 * m) + 1 <= most), 12)
        step = 30.4 * months
        year, month = start.year, start.month + (0 if start.day == 1 and not start.hour
                                                 else 1)
        while True:
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
            at = datetime(year, month, 1)
            if at > end:
                break
            if (year * 12 + month) % months == 0 or months == 1:
                moments.append(at)
            month += 1
    return [((m - start).total_seconds() / 86400, _label(m, step, i == 0, years))
            for i, m in enumerate(moments)]
