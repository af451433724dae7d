"""The window's one path from what was typed to what is shown.

Draft inputs (texts exactly as typed, ticks, choices, units) → a raw document → the
core's validation → ``assess`` and ``calculate_dose`` → one :class:`ViewState`, emitted
once per change. The window never computes; it renders the state.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from leukodesk.core.contract.lab_cells import typed_time
from leukodesk.core.contract.limits import HISTORY_MAX_ROWS, LIMITS, UNIT_GROUP_OF_KIND
from leukodesk.ui.draft import (
    ANC_KEYS,
    DEFAULT_UNITS,
    DIFFERENTIAL_ONLY,
    DOSE_CHOICES,
    DOSE_ONLY,
    FN_RISK_CHOICES,
    PATIENT_CHOICES,
    TIME_KEYS,
    TRI_STATE,
    converted,
    draft_dose_request,
    fn_risk_answers,
    number_text,
)
from leukodesk.ui.history.rows import CELL_GROUPS, HistoryDraft, table_errors
from leukodesk.ui.partial import assess_leaving_out, group_of, unit_fix
from leukodesk.ui.site_state import NO_SITE, WITHHELD, SiteState
from leukodesk.ui.view_state import DOSE_FIELDS, INTERNAL_ERROR, ViewState

__all__ = ["DOSE_FIELDS", "INTERNAL_ERROR", "ViewModel", "ViewState"]

if TYPE_CHECKING:  # the clinical engine loads on first use (after the first paint)
    pass

class ViewModel(QObject):
    """Holds the draft and turns every change into exactly one ``state_changed``."""

    state_changed = Signal(object)      # ViewState
    texts_replaced = Signal(dict)       # key → text, after a unit switch, reset or load

    def __init__(self, units: dict[str, Enum] | None = None) -> None:
        super().__init__()
        self._texts: dict[str, str] = {}
        # (text, unit) as typed: unit switches convert from the original, never drift.
        self._typed: dict[str, tuple[str, Enum | None]] = {}
        # Full-precision values behind texts that a unit switch rewrote (shown rounded to
        # 4 decimals): 78 kg stays 78 kg through lb and back, and keeps its vial tie.
        self._exact: dict[str, str] = {}
        self._flags: dict[str, bool] = {}
        self._choices: dict[str, str] = {**PATIENT_CHOICES, **FN_RISK_CHOICES, **DOSE_CHOICES}
        self._units: dict[str, Enum] = {**DEFAULT_UNITS, **(units or {})}
        # The user's own choices (through the selectors): what is kept as preferences. A
        # case opened in other units shows in them without changing these.
        self._chosen_units: dict[str, Enum] = dict(self._units)
        self._anc_mode = "anc"
        self._history = HistoryDraft()   # the earlier counts (RULES §13)
        self.site = NO_SITE   # the site configuration (RULES §16): ``set_site``
        self._revision = 0
        # Computed when first asked for (the core's models are built then): a blank
        # window's first frame does not need the core (see ``blank_view``).
        self._state: ViewState | None = None

    # --- reading --------------------------------------------------------------------------
    @property
    def state(self) -> ViewState:
        if self._state is None:
            self._state = self._compute()
        return self._state

    @property
    def computed(self) -> bool:
        """Whether the state has been computed yet (it is on first use)."""
        return self._state is not None

    def blank_view(self) -> ViewState:
        """A blank draft's view before the core is asked: no result, no errors (a blank draft
        prompts, never scolds); the computed blank state renders the same."""
        return ViewState(self._revision, None, None, {}, {}, blank=True, site=self.site)

    def text(self, key: str) -> str:
        return self._texts.get(key, "")

    def unit(self, group: str) -> Enum:
        return self._units[group]

    @property
    def units(self) -> dict[str, Enum]:
        return dict(self._units)

    @property
    def chosen_units(self) -> dict[str, Enum]:
        """The units the user last chose (at start: the preferences given), whatever
        an opened case shows: these, not ``units``, are the preferences to keep."""
        return dict(self._chosen_units)

    @property
    def anc_mode(self) -> str:
        return self._anc_mode

    def flag(self, key: str) -> bool:
        return self._flags.get(key, False)

    def choice(self, key: str) -> str:
        return self._choices[key]

    def defaults(self) -> dict[str, str]:  # a blank patient's choices (and the site's stock)
        return {**PATIENT_CHOICES, **FN_RISK_CHOICES, **DOSE_CHOICES, **self.site.dose_choices}

    # --- changing -------------------------------------------------------------------------
    def set_site(self, site: SiteState) -> None:
        """Compute with ``site`` from now on; a choice left as it was follows its default."""
        old, self.site = self.defaults(), site
        self._choices.update({k: v for k, v in self.defaults().items()
                              if self._choices[k] == old[k]})
        if self._state is not None:
            self._changed()

    def set_text(self, key: str, text: str) -> None:
        if self._texts.get(key, "") == text:
            return
        self._texts[key] = text
        self._typed[key] = (text, self._unit_of(key))
        self._exact.pop(key, None)
        self._changed()

    def set_flag(self, key: str, value: bool) -> None:
        if self._flags.get(key, False) == value:
            return
        self._flags[key] = value
        self._changed()

    def set_choice(self, key: str, value: str) -> None:
        if self._choices.get(key) == value:
            return
        self._choices[key] = value
        self._changed()

    def set_choices(self, values: Mapping[str, str]) -> None:
        """Several choices that go together (a brand and its molecule): one change."""
        if any(self._choices.get(k) != v for k, v in values.items()):
            self._choices.update(values)
            self._changed()

    def set_anc_mode(self, mode: str) -> None:
        if mode not in ANC_KEYS or mode == self._anc_mode:
            return
        self._anc_mode = mode
        self._changed()

    def set_unit(self, group: str, unit: Enum) -> None:
        """Switch a unit group (the user's choice), converting what is typed."""
        self._chosen_units[group] = unit
        if self._units[group] is unit:
            return
        self._units[group] = unit
        replaced = {}
        for key, (typed, typed_unit) in self._typed.items():
            if typed_unit is None or self._group_of(key) != group:
                continue
            shown = converted(typed, typed_unit, unit)
            if shown is None:
                continue  # not a number: kept exactly as typed
            text, exact = shown
            if exact is None:
                self._exact.pop(key, None)
            else:
                self._exact[key] = exact
            self._texts[key] = text
            replaced[key] = text
        self._history.convert(group, unit)
        self.texts_replaced.emit(replaced)  # also when empty: unit labels change
        self._changed()

    # --- the earlier counts (RULES §13) ---------------------------------------------------
    @property
    def history(self) -> HistoryDraft:
        """The earlier counts as typed (read them; change them through the methods here)."""
        return self._history

    def set_history_text(self, row: int, key: str, text: str) -> None:
        group = CELL_GROUPS.get(key)
        if self._history.set_text(row, key, text, None if group is None else self._units[group]):
            self._changed()

    def add_history_rows(self, rows: Sequence[Mapping[str, str]], now: str,
                         typed_in: Mapping[str, Enum] | None = None) -> list[int]:
        """Rows at the end of the earlier counts in one step: one empty row (no ``rows``)
        or pasted lab results (numbers in the units ``typed_in``). The current counts get
        the time ``now`` unless they have one. The rows added (none past the limit)."""
        if len(self._history) + max(1, len(rows)) > HISTORY_MAX_ROWS:
            return []
        added = self._history.add(rows or [{}], typed_in or self._units, self._units)
        if not self._texts.get("counts_time", "").strip():
            self._texts["counts_time"] = now
        self.texts_replaced.emit({"counts_time": self._texts["counts_time"]})
        self._changed()
        return added

    def remove_history_rows(self, rows: Sequence[int]) -> list[int]:
        """Remove rows of the earlier counts (table indices); those removed."""
        gone = self._history.remove(rows)
        if gone:
            self.texts_replaced.emit({})
            self._changed()
        return gone

    def apply_fix(self, key: str) -> None:
        """Take the reading a unit slip's message offers for ``key`` (one click): its
        value in the field's unit, or the unit it was typed in (the text kept)."""
        fix = self.state.fixes.get(key)
        if fix is None:
            return
        if fix.text is not None:
            self.set_text(key, fix.text)
            self.texts_replaced.emit({key: fix.text})
            return
        group = fix.group or ""
        unit = next(u for u in type(self._units[group]) if u.value == fix.unit)
        self._units[group] = self._chosen_units[group] = unit
        self._typed[key] = (self._texts.get(key, ""), unit)  # read as typed, in that unit
        self._exact.pop(key, None)
        self.texts_replaced.emit({})  # the unit selectors and labels follow
        self._changed()

    def reset(self) -> None:
        """A blank patient, in the units the user chose (they are preferences, not
        patient data; a case opened in other units showed in those until now)."""
        cleared = {key: "" for key in self._texts}
        self._units = dict(self._chosen_units)
        self._texts.clear()
        self._typed.clear()
        self._exact.clear()
        self._flags.clear()
        self._choices = self.defaults()
        self._anc_mode = "anc"
        self._history.clear()
        self.texts_replaced.emit(cleared)
        self._changed()

    def load_document(self, document: Mapping[str, Any],
                      dose_request: Mapping[str, Any] | None = None) -> None:
        """Replace the whole draft with an input document of ``leukodesk assess`` (a case
        being opened) and, if given, the ``leukodesk dose`` request that goes with it, in
        one step: one ``texts_replaced`` (the panels resync), then one state. Numbers show
        as written, in the document's units (canonical for a group it does not name);
        values the core would refuse load as typed, so the window shows the refusal. The
        request gives the dose choices (the standard ones when not given) and the
        tolerance when the document gives none; its weight and tolerance must be the
        document's (the window has one of each). Raises ``ValueError`` naming the key, and
        changes nothing, for a key the core does not know, a value of the wrong kind, an
        ANC and a differential both (the window shows one at a time), a request key the
        window has no field for, or a request weight or tolerance not the document's."""
        # Start-up boundary: the case reader loads the core's pydantic models.
        from leukodesk.ui.draft_reader import read_document, read_dose_request, read_history

        texts, flags, choices, units, mode = read_document(document)
        dose = read_dose_request(dose_request, document, texts, units, self.defaults())
        history = read_history(document)
        cleared = {key: "" for key in self._texts if key not in texts}
        self._texts = dict(texts)
        self._units = units
        self._typed = {key: (text, self._unit_of(key)) for key, text in texts.items()}
        self._exact.clear()
        self._flags = flags
        self._choices = {**choices, **dose}
        self._anc_mode = mode
        self._history.clear()
        self._history.add(history, units, units)
        self.texts_replaced.emit({**cleared, **texts})
        self._changed()

    # --- computing ------------------------------------------------------------------------
    def _group_of(self, key: str) -> str | None:
        lim = LIMITS.get(key)
        if lim is None or lim.unit_kind is None:
            return None
        return UNIT_GROUP_OF_KIND[lim.unit_kind]

    def _unit_of(self, key: str) -> Enum | None:
        group = self._group_of(key)
        return None if group is None else self._units[group]

    def patient_document(self) -> dict[str, Any]:
        """The inputs as the core reads them: only what was typed, ticked or chosen."""
        skipped = {k for mode, keys in ANC_KEYS.items() if mode != self._anc_mode for k in keys}
        if self._anc_mode == "anc":
            skipped |= set(DIFFERENTIAL_ONLY)
        doc: dict[str, Any] = {}
        for key, text in self._texts.items():
            if key in skipped or key in DOSE_ONLY or not text.strip():
                continue
            parent, _, leaf = key.rpartition(".")
            target = doc.setdefault(parent, {}) if parent else doc
            target[leaf] = self._value(key)
        doc.update({k: True for k, v in self._flags.items() if v})
        for key in PATIENT_CHOICES:
            value = self._choices[key]
            doc[key] = TRI_STATE[value] if key in ("anc_expected_below_0_5_within_48h",) \
                else value
        answers = fn_risk_answers(self._choices)  # only the items answered (RULES §11)
        if answers:
            doc.setdefault("fn_risk", {}).update(answers)
        rows, _where = self._history.document()
        if rows:
            doc["history"] = rows
        doc["units"] = {group: unit.value for group, unit in self._units.items()}
        return doc

    def _value(self, key: str) -> str:
        """What the core reads for a text: the full-precision value behind a converted
        text, else the text as typed (a lone decimal comma read as a point)."""
        if key in TIME_KEYS:
            return typed_time(self._texts.get(key, ""))
        return self._exact.get(key) or number_text(self._texts.get(key, ""))

    def dose_document(self) -> dict[str, Any] | None:
        t = self._texts
        return None if not t.get("weight_kg", "").strip() else draft_dose_request(
            self._value("weight_kg"), self._units["weight"], self._choices,
            t, self._value("age_years") if t.get("age_years") else "")

    def _compute(self) -> ViewState:
        """The core's results for the draft, computed afresh: nothing is remembered."""
        # Start-up boundary: the clinical engine (pydantic) loads after the first paint.
        from leukodesk.core.assessment import assess
        from leukodesk.core.config.apply import stocked, with_site_dose_defaults
        from leukodesk.core.dosing.calc import calculate_dose

        document = self.patient_document()
        # An invalid optional field counts as not entered (RULES §2a); an invalid WBC
        # leaves no result at all, the dose included.
        config = self.site.config
        assessment, problems = assess_leaving_out(document, lambda d: assess(d, site=config))
        dose, dose_doc = None, with_site_dose_defaults(self.dose_document(), config)
        if dose_doc is not None:
            held = WITHHELD if self.site.withhold else None  # the dose alone (RULES §16)
            dose, dose_problems = assess_leaving_out(dose_doc, lambda d: calculate_dose(
                d, stocked=stocked(config), withheld=held))
            for problem in dose_problems.values():
                problems.setdefault(DOSE_FIELDS.get(problem.field, problem.field), problem)
        dose = None if assessment is None else dose
        errors = table_errors({key: p.message for key, p in problems.items()},
                              self._history.document()[1] if problems else ())
        fixes = {}
        for key, p in problems.items():
            group = group_of(key)
            fix = None if p.suggested_unit is None or group is None else unit_fix(
                key, self._value(key), self._units[group], p.suggested_unit)
            if fix is not None:
                fixes[key] = fix
        blank = not any(t.strip() for k, t in self._texts.items() if k != "counts_time") \
            and not self._history.has_text() and not any(self._flags.values()) \
            and self._choices == self.defaults()
        return ViewState(self._revision, assessment, dose, errors, document, blank, fixes,
                         self.site)

    def _changed(self) -> None:
        self._revision += 1
        try:
            self._state = self._compute()
        except Exception:
            # Never leave the previous patient's result on screen: clear, then report.
            self._state = ViewState(self._revision, None, None, {"": INTERNAL_ERROR},
                                    self.patient_document())
            self.state_changed.emit(self._state)
            raise
        self.state_changed.emit(self._state)
