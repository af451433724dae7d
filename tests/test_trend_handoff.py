"""The serial counts on every hand-off (issue 17, RULES §13): ``assess --note`` (the
copy-to-note text), ``assess --text`` and ``assess --pdf`` carry the history as a compact
table (time, WBC, ANC, platelets, hemoglobin; the current counts last and marked in
words), in canonical units whatever the history was entered in, and the trend in words
(:func:`trend_entries`, the same lines in all three); the PDF carries the trend plot,
drawn by the window's :func:`draw_trend`. Only with a history.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pdf_check import flat, read_pdf
from test_cli_note import AT_TIME, handoffs

from leukodesk.core import assess
from leukodesk.core.formats.handoff import ascii_safe
from leukodesk.core.formats.history_lines import CURRENT, TITLE, history_entries
from leukodesk.core.formats.trend_lines import TITLE as TREND_TITLE
from leukodesk.core.formats.trend_lines import trend_entries, when

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
UNITS_ROWS = [("18 Mar 2026 07:30", "1.5", "0.675", "—", "10.4", ""),
              ("19 Mar 2026 07:45", "1.8", "—", "88", "—", ""),
              ("20 Mar 2026 08:15", "2.1", "0.4", "95", "10.1", CURRENT)]
PATIENTS = {"nadir": NADIR, "units": UNITS}


def rows(patient: dict[str, Any]) -> list[tuple[str, ...]]:
    return [e.cells for e in history_entries(assess(patient)) if e.cells][1:]


# --- the table -------------------------------------------------------------------------------
def test_one_row_per_count_oldest_first_the_current_counts_last_and_marked() -> None:
    a = assess(NADIR)
    table = rows(NADIR)
    # Times as the trend's words write them ("14 Mar 2026"), so the nadir's row is found.
    assert [r[0] for r in table] == ["5 Mar 2026", "10 Mar 2026", "14 Mar 2026", "17 Mar 2026",
                                     "20 Mar 2026"]
    assert [r[2] for r in table] == ["2.5", "0.3", "0.08", "0.6", "0.4"]
    assert [r[-1] for r in table] == ["", "", "", "", CURRENT]
    assert [e.strong for e in history_entries(a) if e.cells] == [False] * 5 + [True]
    assert history_entries(a)[0].cells == ("Time", "WBC", "ANC", "Platelets", "Hb g/dL", "")


def test_the_table_is_in_canonical_units_with_a_dash_where_a_count_is_missing() -> None:
    # The differential row's ANC is the core's: 1.5 × (40 + 5) / 100 = 0.675.
    assert rows(UNITS) == UNITS_ROWS


def test_no_history_no_table_and_no_trend(tmp_path: Path) -> None:
    patient = {"wbc": 2, "anc": 0.4, "counts_time": "2026-03-20"}
    assert history_entries(assess(patient)) == () and trend_entries(assess(patient)) == ()
    note, text, pdf = handoffs(tmp_path, patient)
    for title in (TITLE, TREND_TITLE):
        assert title.upper() not in note and title not in text and not pdf.has(title)
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


@pytest.mark.parametrize("name", PATIENTS)
def test_note_text_and_pdf_carry_the_same_trend_lines(tmp_path: Path, name: str) -> None:
    # One function writes the lines; each hand-off lays them out (wrapped, ASCII or not).
    patient = PATIENTS[name]
    note, text, pdf = handoffs(tmp_path, patient)
    entries = trend_entries(assess(patient))
    assert entries
    assert TREND_TITLE.upper() in note and f"{TREND_TITLE}:" in text and pdf.has(TREND_TITLE)
    for e in entries:
        assert flat(e.text) in flat(text), e.text
        assert flat(ascii_safe(e.text)) in flat(note), e.text
        assert pdf.has(e.text), e.text


def test_the_trend_follows_the_advice_and_the_results(tmp_path: Path) -> None:
    note, text, pdf = handoffs(tmp_path, NADIR)
    # Results first (issue 19): what to do, what was found (the trend with it), the inputs.
    assert note.index("RECOMMENDATIONS") < note.index("RESULTS") \
        < note.index(TREND_TITLE.upper()) < note.index("INPUTS")
    assert text.index(TITLE) < text.index(TREND_TITLE) < text.index("Fever (IDSA)")
    assert pdf.text.index("Recommendations") < pdf.text.index("Results") \
        < pdf.text.index(TREND_TITLE) < pdf.text.index("Inputs (as used")
    # The example's advice and its trend in words: falling below 1.0, escalate now.
    assert "ANC falling" in pdf.text and pdf.has("Escalate now")


def test_the_table_follows_the_inputs_after_the_results(tmp_path: Path) -> None:
    note, text, pdf = handoffs(tmp_path, NADIR)
    assert note.index("RESULTS") < note.index("INPUTS") < note.index(TITLE.upper())
    assert text.index("Cytopenia pattern") < text.index(TITLE) < text.index("Fever (IDSA)")
    assert pdf.text.index("Results") < pdf.text.index("Inputs (as used") \
        < pdf.text.index(TITLE)
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
        assert pdf.has(when(time)), time
    assert pdf.has(f"{TITLE} (continued)")  # the table goes on with its heading
    assert pdf.text.count("Time WBC ANC Platelets Hb g/dL") == 2  # and its header row


# --- the plot on paper -----------------------------------------------------------------------
def test_the_pdf_carries_the_plot_with_its_labelled_nadir_after_the_trend_lines(
        tmp_path: Path) -> None:
    from leukodesk.core.formats.note import TREND_PLOT
    from leukodesk.ui.panels.trend_view import trend_plot_view

    view = trend_plot_view(assess(NADIR))
    assert view is not None and view.nadir_label == "nadir 0.080 on 14 Mar"
    _, _, pdf = handoffs(tmp_path, NADIR)
    assert pdf.has(TREND_PLOT)
    # The plot's own words: its legend, the labelled lines, the nadir and the current count.
    for said in (view.nadir_label, view.current_label, "0.5 — severe below",
                 "1.0 — falling below: escalate", "LLN 2.0", "ANC", "WBC"):
        assert pdf.has(said), said
    assert pdf.text.index(TREND_TITLE) < pdf.text.index(TREND_PLOT) \
        < pdf.text.index(view.nadir_label) < pdf.text.index("Inputs (as used")


def test_the_caption_names_the_platelet_panel_only_when_there_is_one() -> None:
    from leukodesk.core.formats.note import TREND_PLOT, trend_figure

    assert trend_figure(assess(NADIR)).caption == TREND_PLOT
    assert trend_figure(assess(UNITS)).caption == f"{TREND_PLOT}, platelets below"


def test_no_history_no_plot(tmp_path: Path) -> None:
    from leukodesk.core.formats.note import TREND_PLOT

    _, _, pdf = handoffs(tmp_path, {"wbc": 2, "anc": 0.4})
    assert not pdf.has(TREND_PLOT) and "nadir" not in pdf.text


def test_the_plot_is_drawn_in_its_place_on_the_page(tmp_path: Path, qapp: Any) -> None:
    # Rendered as a printer would (poppler, in grey), the page with the plot against the
    # same page laid out alike with nothing drawn in the plot's place: they differ by a
    # plot's worth of ink (lines, markers, labels), and only within the plot's height.
    from leukodesk.core.formats.note import TREND_PLOT, summary_handoff
    from leukodesk.ui.handoff.figures import handoff_figures
    from leukodesk.ui.handoff.paper import FIGURE_PT
    from leukodesk.ui.handoff.pdf import handoff_pdf
    from leukodesk.ui.panels.gauge import gauge_reading

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("poppler's pdftoppm is not installed")
    a = assess(NADIR)
    doc = summary_handoff(a, at=AT_TIME)
    pages = {}
    for name, figures in (("plot", handoff_figures(a)), ("blank", {"trend": lambda p, r: None})):
        data, _ = handoff_pdf(doc, gauge_reading(a), figures=figures)
        (tmp_path / f"{name}.pdf").write_bytes(data)
        page = next(n for n, t in enumerate(read_pdf(data).page_texts)
                    if flat(TREND_PLOT) in t)
        subprocess.run([pdftoppm, "-gray", "-r", "50", "-f", str(page + 1), "-l",
                        str(page + 1), str(tmp_path / f"{name}.pdf"), str(tmp_path / name)],
                       check=True, timeout=60)
        (image,) = tmp_path.glob(f"{name}*.pgm")
        pages[name] = read_pgm(image.read_bytes())
    width, height, plot = pages["plot"]
    assert pages["blank"][:2] == (width, height)
    blank = pages["blank"][2]
    rows = [n // width for n in range(width * height) if abs(plot[n] - blank[n]) > 64]
    assert len(rows) > 1500, len(rows)   # a plot's worth of ink, not a stray mark
    assert max(rows) - min(rows) <= FIGURE_PT * 50 / 72 + 2   # within the plot's height


def read_pgm(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and pixels of a binary PGM (P5, 8 bits)."""
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P5" and parts[3] == b"255"
    width, height = int(parts[1]), int(parts[2])
    return width, height, parts[4][-width * height:]
