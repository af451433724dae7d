"""The serial counts on every hand-off (issue 17, RULES §13): ``assess --note`` (the
copy-to-note text), ``assess --text`` and ``assess --pdf`` carry the history as a compact
table (time, WBC, ANC, platelets, hemoglobin; the current counts last and marked in
words), in canonical units whatever the history was entered in; only with a history.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pdf_check import Pdf, flat, read_pdf
from test_cli_note import AT, call

from leukodesk.core import assess
from leukodesk.core.formats.handoff import ascii_safe
from leukodesk.core.formats.history_lines import CURRENT, TITLE, history_entries

# The example of issue 17: a chemotherapy nadir, a brief rise and a fall again.
NADIR = {"wbc": 2, "anc": 0.4, "counts_time": "2026-03-20", "last_chemo_at": "2026-03-01",
         "history": [{"time": "2026-03-05", "wbc": 4, "anc": 2.5},
                     {"time": "2026-03-10", "wbc": 1.2, "anc": 0.3},
                     {"time": "2026-03-14", "wbc": 0.8, "anc": 0.08},
                     {"time": "2026-03-17", "wbc": 1.5, "anc": 0.6}]}
# Counts in cells/µL and hemoglobin in g/L, times of day, a row with a differential and
# no platelets, a row with a WBC only: the table is in ×10⁹/L and g/dL, "—" where none.
UNITS = {"wbc": 2100, "anc": 400, "platelets": 95000, "hemoglobin_g_dl": 101,
         "temperature_c": 37.2, "counts_time": "2026-03-20T08:15",
         "units": {"counts": "cells/uL", "hemoglobin": "g/L"},
         "history": [{"time": "2026-03-18T07:30", "wbc": 1500,
                      "differential": {"segs_pct": 40, "bands_pct": 5},
                      "hemoglobin_g_dl": 104},
                     {"time": "2026-03-19T07:45", "wbc": 1800, "platelets": 88000}]}
UNITS_ROWS = [("2026-03-18T07:30", "1.5", "0.675", "—", "10.4", ""),
              ("2026-03-19T07:45", "1.8", "—", "88", "—", ""),
              ("2026-03-20T08:15", "2.1", "0.4", "95", "10.1", CURRENT)]
PATIENTS = {"nadir": NADIR, "units": UNITS}


def handoffs(tmp_path: Path, patient: dict[str, Any]) -> tuple[str, str, Pdf]:
    """The note, the --text summary and the PDF of one patient, from the command line."""
    status, note, _ = call(["assess", "--note", "--at", AT], patient)
    assert status == 0
    status, text, _ = call(["assess", "--text"], patient)
    assert status == 0
    out = tmp_path / "summary.pdf"
    status, _, _ = call(["assess", "--pdf", str(out), "--at", AT], patient)
    assert status == 0
    return note, text, read_pdf(out.read_bytes())


def rows(patient: dict[str, Any]) -> list[tuple[str, ...]]:
    return [e.cells for e in history_entries(assess(patient)) if e.cells][1:]


# --- the table -------------------------------------------------------------------------------
def test_one_row_per_count_oldest_first_the_current_counts_last_and_marked() -> None:
    a = assess(NADIR)
    table = rows(NADIR)
    assert [r[0] for r in table] == ["2026-03-05", "2026-03-10", "2026-03-14", "2026-03-17",
                                     "2026-03-20"]
    assert [r[2] for r in table] == ["2.5", "0.3", "0.08", "0.6", "0.4"]
    assert [r[-1] for r in table] == ["", "", "", "", CURRENT]
    assert [e.strong for e in history_entries(a) if e.cells] == [False] * 5 + [True]
    assert history_entries(a)[0].cells == ("Time", "WBC", "ANC", "Platelets", "Hb g/dL", "")


def test_the_table_is_in_canonical_units_with_a_dash_where_a_count_is_missing() -> None:
    # The differential row's ANC is the core's: 1.5 × (40 + 5) / 100 = 0.675.
    assert rows(UNITS) == UNITS_ROWS


def test_no_history_no_table(tmp_path: Path) -> None:
    patient = {"wbc": 2, "anc": 0.4, "counts_time": "2026-03-20"}
    assert history_entries(assess(patient)) == ()
    note, text, pdf = handoffs(tmp_path, patient)
    assert TITLE.upper() not in note and TITLE not in text and not pdf.has(TITLE)
    assert CURRENT not in text and not pdf.has(CURRENT)


def test_a_figure_never_reads_across_a_threshold() -> None:
    patient = {**NADIR, "history": [{"time": "2026-03-14", "wbc": 0.8, "anc": 0.49996}]}
    assert rows(patient)[0][2] == "0.49996"  # never "0.5"


# --- on every hand-off -----------------------------------------------------------------------
@pytest.mark.parametrize("name", PATIENTS)
def test_note_text_and_pdf_carry_every_row(tmp_path: Path, name: str) -> None:
    patient = PATIENTS[name]
    note, text, pdf = handoffs(tmp_path, patient)
    entries = history_entries(assess(patient))
    assert TITLE.upper() in note and f"{TITLE}:" in text and pdf.has(TITLE)
    for e in entries:
        # Plain text: the padded row on a line of its own; paper: the cells in order.
        assert f"  {ascii_safe(e.text)}\n" in note, e.text
        assert f"  {e.text}\n" in text, e.text
        assert pdf.has(" ".join(c for c in e.cells if c) if e.cells else e.text), e.text
    assert note.count(ascii_safe(CURRENT)) == 1 and text.count(CURRENT) == 1
    assert pdf.text.count(flat(CURRENT)) == 1


def test_the_table_sits_between_the_inputs_and_the_results(tmp_path: Path) -> None:
    note, text, pdf = handoffs(tmp_path, NADIR)
    assert note.index("INPUTS") < note.index(TITLE.upper()) < note.index("RESULTS")
    assert text.index("Cytopenia pattern") < text.index(TITLE) < text.index("Fever (IDSA)")
    assert pdf.text.index("Inputs") < pdf.text.index(TITLE) < pdf.text.index("Results")
    for said in ("Time of these counts: 2026-03-20", "End of the last chemotherapy: "
                 "2026-03-01"):
        assert said in note and pdf.has(said)


def test_sixty_rows_fit_the_note_and_go_on_over_pages(tmp_path: Path) -> None:
    history = [{"time": f"2026-{1 + d // 28:02d}-{1 + d % 28:02d}", "wbc": 3 + d / 100,
                "anc": 1 + d / 100, "platelets": 150 + d, "hemoglobin_g_dl": 12}
               for d in range(60)]
    patient = {"wbc": 2, "anc": 0.4, "counts_time": "2026-04-01", "history": history}
    note, text, pdf = handoffs(tmp_path, patient)
    for line in note.splitlines():
        assert line.isascii() and len(line) < 80, line
    assert all(len(line) <= 79 for line in text.splitlines())
    assert len(rows(patient)) == 61
    for time in [h["time"] for h in history] + ["2026-04-01"]:
        assert pdf.has(time), time
    assert pdf.has(f"{TITLE} (continued)")  # the table goes on with its heading
    assert pdf.text.count("Time WBC ANC Platelets Hb g/dL") == 2  # and its header row
