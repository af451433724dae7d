"""The hand-off texts on the command line: ``assess --note``, ``assess --pdf``, and the
pharmacist's worksheet from ``dose --note`` / ``dose --pdf``.

In process where that is enough; in a fresh interpreter for what a process shows: no Qt for
--note, no display needed for --pdf, and no file written anywhere unless one was asked for.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pdf_check import PAPER_POINTS, Pdf, flat, read_pdf

from leukodesk.cli import run
from leukodesk.core import assess
from leukodesk.core.content import cite
from leukodesk.core.dosing.calc import calculate_dose
from leukodesk.core.formats import words
from leukodesk.core.formats.handoff import ascii_safe
from leukodesk.core.formats.note import note_text
from leukodesk.core.formats.worksheet import worksheet_text
from leukodesk.core.rules.thresholds import DOSE_RULES_VERSION, RULES_VERSION

PATIENT = {"wbc": 1.1, "differential": {"segs_pct": 45}, "temperature_c": 38.6,
           "age_years": 70, "platelets": 8, "weight_kg": 72.4}
# The PDF of PATIENT: febrile neutropenia with the FN risk items unanswered, so its note
# carries the FN risk section with what is still needed (issue 16). Results first and a
# tighter layout (issue 19) bring it back to two A4 pages; US Letter, 18 mm shorter, needs
# a third for the end of the not-assessed list (a section breaks only with two entries on
# either side, and its last two are long).
PAGES = {"a4": 2, "letter": 3}
PATIENT_PAGES = PAGES["a4"]
MILD = {"wbc": 3.5, "anc": 1.2, "temperature_c": 36.8, "platelets": 180}
DOSE = {"weight": 187, "weight_unit": "lb", "presentation_set": "us_vials",
        "last_chemo_at": "2026-11-24T14:00", "next_chemo_at": "2026-12-15T09:00",
        "first_dose_at": "2026-11-25T10:00"}
AT = "2026-03-14T09:30"
AT_TIME = datetime(2026, 3, 14, 9, 30)


class Stdin(io.StringIO):
    def __init__(self, text: str):
        super().__init__(text)
        self.buffer = io.BytesIO(text.encode("utf-8"))


def call(argv: list[str], document: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(argv, out=out, err=err, stdin=Stdin(json.dumps(document)))
    return status, out.getvalue(), err.getvalue()


def handoffs(tmp_path: Path, patient: dict[str, Any]) -> tuple[str, str, Pdf]:
    """The note, the --text summary and the PDF of one patient, from the command line
    (shared by the hand-off tests of the FN risk and of the trend)."""
    status, note, _ = call(["assess", "--note", "--at", AT], patient)
    assert status == 0
    status, text, _ = call(["assess", "--text"], patient)
    assert status == 0
    out = tmp_path / "summary.pdf"
    status, _, _ = call(["assess", "--pdf", str(out), "--at", AT], patient)
    assert status == 0
    return note, text, read_pdf(out.read_bytes())


def fresh_env(tmp_path: Path, *, headless: bool = True) -> dict[str, str]:
    """The environment of a user with their own (empty) home and no display."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
           and not k.startswith("XDG_")}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env.update(HOME=str(home), PYTHONIOENCODING="utf-8",
               XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local/share"),
               XDG_CACHE_HOME=str(home / ".cache"))
    if not headless:
        env.pop("QT_QPA_PLATFORM", None)
    return env


def leukodesk(tmp_path: Path, *args: str, document: object,
              code: str = "") -> subprocess.CompletedProcess[str]:
    cwd = tmp_path / "cwd"
    cwd.mkdir(exist_ok=True)
    script = code or "import sys, leukodesk.app; sys.exit(leukodesk.app.main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", script, *args], input=json.dumps(document),
                          capture_output=True, text=True, encoding="utf-8", cwd=cwd,
                          env=fresh_env(tmp_path), timeout=120, check=False)


def files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


# --- --note --------------------------------------------------------------------------------
@pytest.mark.parametrize("patient", [PATIENT, MILD], ids=["febrile-neutropenia", "mild"])
def test_assess_note_prints_the_core_note(patient: dict) -> None:
    status, out, err = call(["assess", "--note", "--at", AT], patient)
    assert (status, err) == (0, "")
    assert out == note_text(assess(patient), at=AT_TIME)
    assert out.isascii() and all(len(line) < 80 for line in out.splitlines())


def test_assess_note_of_a_list_is_one_note_per_patient() -> None:
    status, out, _ = call(["assess", "--note", "--at", AT], [PATIENT, MILD])
    assert status == 0
    first, second = out.split("\n" + "-" * 79 + "\n")
    assert first == note_text(assess(PATIENT), at=AT_TIME)
    assert second == note_text(assess(MILD), at=AT_TIME)


def test_assess_note_keeps_the_error_contract() -> None:
    status, out, err = call(["assess", "--note"], {"wbc": 2100})
    assert status == 2
    errors = json.loads(out)["errors"]
    assert errors[0]["field"] == "wbc" and "Did you mean" in errors[0]["message"]
    assert err.startswith("invalid input: wbc:")


def test_note_and_text_are_one_or_the_other() -> None:
    status, _, _ = call(["assess", "--note", "--text"], PATIENT)
    assert status == 2


def test_without_at_the_note_carries_the_current_time() -> None:
    before = datetime.now().replace(second=0, microsecond=0)
    _, out, _ = call(["assess", "--note"], PATIENT)
    stamp = datetime.strptime(out.splitlines()[1], "Date/time: %Y-%m-%d %H:%M")
    assert before <= stamp <= datetime.now()


def test_dose_note_prints_the_worksheet() -> None:
    status, out, _ = call(["dose", "--note", "--at", AT], DOSE)
    assert status == 0
    assert out == worksheet_text(calculate_dose(DOSE), at=AT_TIME)
    assert "Prepared by:" in out and "Checked by:" in out


def test_a_bad_time_is_a_usage_error() -> None:
    assert call(["assess", "--note", "--at", "yesterday"], PATIENT)[0] == 2


# --- --pdf ---------------------------------------------------------------------------------
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_assess_pdf_is_a_valid_pdf_with_dose_and_recommendations(tmp_path: Path,
                                                                  paper: str) -> None:
    out_pdf = tmp_path / "summary.pdf"
    status, out, err = call(["assess", "--pdf", str(out_pdf), "--paper", paper, "--at", AT,
                             "--label", "Bed 12 / MRN 0042"], PATIENT)
    assert status == 0 and out == ""
    pdf = read_pdf(out_pdf.read_bytes())
    assert pdf.pages == PAGES[paper]
    name = {"a4": "A4", "letter": "US Letter"}[paper]
    assert err == f"leukodesk: wrote {out_pdf} ({PAGES[paper]} pages, {name})\n"
    assert set(pdf.sizes) == {PAPER_POINTS[paper]}
    a = assess(PATIENT)
    for wanted in ("5 mcg/kg × 72.4 kg = 362 mcg/day",
                   "Nearest presentation: 300 mcg/0.5 mL prefilled syringe",
                   "Date/time: 2026-03-14 09:30", "Patient: Bed 12 / MRN 0042",
                   "Decision support only."):
        assert pdf.has(wanted), wanted
    for r in a.recommendations:
        assert pdf.has(r.text), r.id
        assert pdf.has(f"[{cite(r.sources)}]"), r.id  # sources by their short names
    for n in range(1, PAGES[paper] + 1):
        assert f"Page {n} of {PAGES[paper]}" in pdf.page_texts[n - 1]
    assert "0042" not in json.dumps(pdf.metadata)  # the label is printed, never hidden in it


# A severe FN patient with a dose set: what to do is on page 1, before any input.
SEVERE_FN = {"wbc": 0.6, "anc": 0.05, "temperature_c": 39.1, "platelets": 7, "age_years": 70,
             "weight_kg": 72.4}


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_pdf_leads_with_the_actions_and_the_inputs_follow(tmp_path: Path,
                                                               paper: str) -> None:
    out_pdf = tmp_path / "severe.pdf"
    status, _, _ = call(["assess", "--pdf", str(out_pdf), "--paper", paper, "--at", AT],
                        SEVERE_FN)
    assert status == 0
    page_1 = read_pdf(out_pdf.read_bytes()).page_texts[0]
    a = assess(SEVERE_FN)
    emergencies = [r for r in a.recommendations if r.urgency.value == "emergency"]
    assert emergencies  # the case must call for action now
    inputs = page_1.find(flat("Inputs (as used, in canonical units)"))
    actions = [flat("ACT NOW"), *(flat(line) for line in words.act_now_lines(a)),
               *(flat(r.text) for r in emergencies),
               flat(words.transfusion_words(a, a.platelet_transfusion)),
               flat(f"Formula: {a.filgrastim.formula}/day")]  # the dose
    at = [page_1.find(action) for action in actions]
    assert all(i >= 0 for i in at), [x for x, i in zip(actions, at, strict=True) if i < 0]
    assert at == sorted(at)  # in the order the window reads them
    assert inputs == -1 or at[-1] < inputs  # the inputs come after, if on page 1 at all


def test_the_note_leads_with_the_same_actions_as_the_pdf() -> None:
    a = assess(SEVERE_FN)
    note = " ".join(note_text(a, at=AT_TIME).split())
    first = [note.find(ascii_safe(text)) for text in (
        "ACT NOW", *words.act_now_lines(a)[:1], "RECOMMENDATIONS", "PLATELET TRANSFUSION",
        "FILGRASTIM DOSE", "RESULTS", "INPUTS")]
    assert -1 not in first and first == sorted(first), first


def test_the_dose_calculators_action_line_leads_its_section() -> None:
    dose = calculate_dose({"weight_kg": 72.4})
    note = note_text(assess(SEVERE_FN), dose, at=AT_TIME)
    section = note[note.index("FILGRASTIM / G-CSF DOSE"):]
    first_line = section.splitlines()[1].strip()
    assert first_line.startswith("Action: ") and " ".join(dose.statement.split())[:30] in \
        " ".join(section.split())
    assert note.index("Action: ") < note.index("INPUTS")


def test_assess_pdf_of_a_mild_case_fits_one_page_and_has_no_label_line(tmp_path: Path) -> None:
    out_pdf = tmp_path / "mild.pdf"
    status, _, _ = call(["assess", "--pdf", str(out_pdf)], MILD)
    assert status == 0
    pdf = read_pdf(out_pdf.read_bytes())
    assert pdf.pages == 1 and "Page 1 of 1" in pdf.text
    assert "Patient:" not in pdf.text  # printed only when one was typed
    assert pdf.has("Not calculated: no weight was given.")


def test_pdf_with_note_writes_the_file_and_prints_the_note(tmp_path: Path) -> None:
    out_pdf = tmp_path / "s.pdf"
    status, out, _ = call(["assess", "--note", "--pdf", str(out_pdf), "--at", AT], PATIENT)
    assert status == 0 and out == note_text(assess(PATIENT), at=AT_TIME)
    assert read_pdf(out_pdf.read_bytes()).pages == PATIENT_PAGES


def test_a_label_is_never_cut_short(tmp_path: Path) -> None:
    out_pdf = tmp_path / "long.pdf"
    label = "MRN 00123456789 " + "x" * 110
    status, out, _ = call(["assess", "--pdf", str(out_pdf), "--label", label], PATIENT)
    assert status == 2 and json.loads(out)["errors"][0]["field"] == "label"
    assert not out_pdf.exists()
    exactly = label[:120]
    status, _, _ = call(["assess", "--pdf", str(out_pdf), "--label", exactly], PATIENT)
    pdf = read_pdf(out_pdf.read_bytes())
    assert status == 0 and pdf.has(f"Patient: {exactly}")
    # ... and whole in the running header of every later page, too
    assert all(flat(exactly) in text for text in pdf.page_texts[1:])


def test_pdf_refuses_a_list(tmp_path: Path) -> None:
    out_pdf = tmp_path / "list.pdf"
    status, out, _ = call(["assess", "--pdf", str(out_pdf)], [PATIENT, MILD])
    assert status == 2
    assert json.loads(out)["errors"][0]["field"] == "pdf"
    assert "list of 2" in json.loads(out)["errors"][0]["message"]
    assert not out_pdf.exists()


def test_pdf_of_invalid_input_writes_nothing(tmp_path: Path) -> None:
    out_pdf = tmp_path / "bad.pdf"
    status, out, _ = call(["assess", "--pdf", str(out_pdf)], {"wbc": 2, "anc": 3})
    assert status == 2 and json.loads(out)["errors"][0]["field"] == "anc"
    assert not out_pdf.exists()


def test_pdf_to_a_folder_that_is_not_there_is_an_error(tmp_path: Path) -> None:
    status, out, _ = call(["assess", "--pdf", str(tmp_path / "no" / "x.pdf")], PATIENT)
    assert status == 2 and json.loads(out)["errors"][0]["field"] == "pdf"
    assert files_under(tmp_path) == []


def test_dose_pdf_is_the_worksheet(tmp_path: Path) -> None:
    out_pdf = tmp_path / "worksheet.pdf"
    status, _, _ = call(["dose", "--pdf", str(out_pdf), "--paper", "letter", "--at", AT], DOSE)
    assert status == 0
    pdf = read_pdf(out_pdf.read_bytes())
    d = calculate_dose(DOSE)
    assert pdf.pages == 1 and pdf.sizes == [PAPER_POINTS["letter"]]
    for wanted in ("G-CSF dose worksheet", "Dose: 424.11 mcg/day filgrastim", "Prepared by:",
                   "Checked by:", "Earliest first dose: 2026-11-25 14:00", d.statement,
                   *d.workings, *(w.message for w in d.warnings)):
        assert pdf.has(wanted), wanted


# --- what a process shows ----------------------------------------------------------------
QT_AFTER = ("import json, sys, leukodesk.app\n"
            "status = leukodesk.app.main(sys.argv[1:])\n"
            "print(json.dumps([m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'shiboken6')]), file=sys.stderr)\n"
            "sys.exit(status)")


def test_note_loads_no_qt_and_writes_nothing(tmp_path: Path) -> None:
    proc = leukodesk(tmp_path, "assess", "--note", document=PATIENT, code=QT_AFTER)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stderr.strip().splitlines()[-1]) == []
    assert "FEBRILE NEUTROPENIA" not in proc.stdout and "Febrile neutropenia" in proc.stdout
    assert files_under(tmp_path) == []  # not in the working folder, not in the home folder


def test_pdf_needs_no_display_and_writes_only_the_file_asked_for(tmp_path: Path) -> None:
    proc = leukodesk(tmp_path, "assess", "--pdf", "out.pdf", "--label", "Ward 7",
                     document=PATIENT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr == f"leukodesk: wrote out.pdf ({PATIENT_PAGES} pages, A4)\n"
    assert files_under(tmp_path) == ["cwd/out.pdf"]
    pdf = read_pdf((tmp_path / "cwd" / "out.pdf").read_bytes())
    assert pdf.pages == PATIENT_PAGES and pdf.has("Patient: Ward 7")
    assert flat("Filgrastim dose") in pdf.text


# --- rule set 2026.2 on paper --------------------------------------------------------------
def test_the_assessment_pdf_says_rule_set_2026_2_and_the_gauge_in_words(tmp_path: Path) -> None:
    doc = {"wbc": 150, "anc": 90, "lymphocytes": 0.1, "weight_kg": 70}
    out_pdf = tmp_path / "hyper.pdf"
    status, _, _ = call(["assess", "--pdf", str(out_pdf), "--at", AT], doc)
    assert status == 0
    pdf = read_pdf(out_pdf.read_bytes())
    a = assess(doc)
    assert pdf.has(f"rule set {RULES_VERSION}")
    for n in range(pdf.pages):  # the footer of every page
        assert flat(f"rule set {RULES_VERSION}") in pdf.page_texts[n]
    assert pdf.has(f"Neutrophil gauge: {words.gauge_words(a)}")
    assert pdf.has("see ACT NOW") and pdf.has("NO NEUTROPENIA")
    assert pdf.has("WBC above 100 — hyperleukocytosis")
    assert pdf.has("lymphocytes CTCAE grade 3/4")
    assert pdf.has("Filgrastim dose (if G-CSF is used)")
    assert "life-threatening" not in pdf.text.lower()


def test_the_worksheet_pdf_keeps_the_dose_calculators_rule_set(tmp_path: Path) -> None:
    out_pdf = tmp_path / "worksheet.pdf"
    status, _, _ = call(["dose", "--pdf", str(out_pdf), "--at", AT], DOSE)
    assert status == 0
    pdf = read_pdf(out_pdf.read_bytes())
    assert calculate_dose(DOSE).rules_version == DOSE_RULES_VERSION == "2026.2"
    assert flat("rule set 2026.2") in pdf.page_texts[-1]


@pytest.mark.parametrize("patient", [
    {"wbc": 0.4, "temperature_c": 38.6},
    {"wbc": 5, "anc": 1.2, "temperature_c": 38.6},
    {"wbc": 3, "temperature_c": 38.5, "myelosuppressive_chemo": True, "platelets": 8,
     "diagnosis": "mds_lower_risk"},
], ids=["wbc-bound-fn", "not-fn", "suspected-sepsis-mds"])
def test_note_and_text_say_the_same_2026_2_answers(patient: dict) -> None:
    _, note, _ = call(["assess", "--note", "--at", AT], patient)
    _, text, _ = call(["assess", "--text"], patient)
    a = assess(patient)
    for said in (words.fn_words(a), words.antibiotics_words(a), words.high_risk_words(a),
                 words.gauge_words(a)):
        assert flat(said) in flat(text)
        assert flat(ascii_safe(said)) in flat(note)
    assert not re.search(r"antibiotics: no\s*$", text + note, re.MULTILINE)
