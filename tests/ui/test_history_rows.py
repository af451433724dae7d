"""The history draft's document: each cell as the core reads it, from what is shown and
the exact value behind it, whatever was typed, converted or retyped since."""

from __future__ import annotations

from leukodesk.core.contract.lab_cells import typed_time
from leukodesk.core.contract.units import CountUnit, HemoglobinUnit
from leukodesk.ui.draft import number_text
from leukodesk.ui.history.rows import CELLS, HistoryDraft

UNITS = {"counts": CountUnit("10^9/L"), "hemoglobin": HemoglobinUnit("g/dL")}


def _read(draft: HistoryDraft) -> list[dict]:
    """The document as the draft's texts read one by one (the definition)."""
    rows = []
    for r in range(len(draft)):
        row: dict = {}
        for key in CELLS:
            text = draft.text(r, key)
            if not text.strip():
                continue
            value = typed_time(text) if key == "time" else number_text(text)
            parent, _, leaf = key.rpartition(".")
            (row.setdefault(parent, {}) if parent else row)[leaf] = value
        if row:
            rows.append(row)
    return rows


def test_the_document_reads_every_cell_as_shown_after_each_change() -> None:
    draft = HistoryDraft()
    draft.add([{"time": "14.03.2026 09:30", "wbc": " 3,5 ", "anc": "1.", "platelets": "140"},
               {}, {"time": "2026-03-16", "wbc": "2", "differential.segs_pct": "40",
                    "hemoglobin_g_dl": "10.5"}], UNITS, UNITS)
    rows, where = draft.document()
    assert rows == _read(draft) and where == (0, 2)
    assert rows[0] == {"time": "2026-03-14T09:30", "wbc": "3.5", "anc": "1",
                       "platelets": "140"}
    assert draft.set_text(1, "wbc", "4", UNITS["counts"])
    assert draft.set_text(0, "anc", "  ", UNITS["counts"])
    assert draft.document() == (_read(draft), (0, 1, 2))
    assert draft.has_text()
    draft.convert("counts", CountUnit("cells/uL"))
    rows, _ = draft.document()
    assert draft.text(0, "wbc") == "3500" and rows[0]["wbc"] == "3500"
    draft.convert("hemoglobin", HemoglobinUnit("mmol/L"))
    rows, _ = draft.document()
    assert draft.text(2, "hemoglobin_g_dl") == "6.5177"     # shown rounded ...
    assert rows[2]["hemoglobin_g_dl"] != "6.5177"           # ... read exactly
    draft.convert("hemoglobin", HemoglobinUnit("g/dL"))
    assert draft.document()[0][2]["hemoglobin_g_dl"] == "10.5"
    draft.remove([0, 1, 2])
    assert draft.document() == ([], ()) and not draft.has_text()
