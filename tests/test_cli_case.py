"""``leukodesk case``: list the teaching cases, print one's inputs for ``assess``, and check
cases (shipped or one's own file) against the rule set."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli import call

from leukodesk.cases import list_cases, load_case


def test_list_names_every_shipped_case_with_its_title() -> None:
    status, out, _ = call(["case", "--list"])
    assert status == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == list_cases()
    assert lines[list_cases().index("cmml")].endswith(load_case("cmml").title)


def test_a_case_prints_its_inputs_ready_for_assess() -> None:
    status, out, _ = call(["case", "filgrastim_78kg_tie"])
    assert status == 0 and json.loads(out) == load_case("filgrastim_78kg_tie").inputs
    status, assessed, _ = call(["assess"], out)
    assert status == 0 and json.loads(assessed)["filgrastim"]["tie"] is True


def test_check_passes_for_every_shipped_case() -> None:
    status, out, _ = call(["case", "--check"])
    assert status == 0
    assert out.splitlines() == [f"ok {name}" for name in list_cases()]


def test_check_reports_a_mismatch_and_a_refused_file(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"title": "t", "inputs": {"wbc": 3.5},
                                 "expect": {"leukopenia_tier": "marked"}}), encoding="utf-8")
    status, out, _ = call(["case", "--check", str(wrong)])
    assert status == 3
    assert out.splitlines() == ["MISMATCH " + str(wrong),
                                "  expect.leukopenia_tier: expected 'marked', got 'mild'"]
    broken = tmp_path / "broken.json"
    broken.write_text("[1]", encoding="utf-8")
    status, out, _ = call(["case", "--check", str(wrong), str(broken)])
    assert status == 2 and f"REFUSED {broken}: broken.json must be one JSON object" in out


def test_a_refused_or_missing_case_exits_2() -> None:
    status, out, _ = call(["case", "no_such_case"])
    assert status == 2 and "no_such_case.json" in json.loads(out)["errors"][0]["message"]
    status, out, _ = call(["case"])
    assert status == 2 and json.loads(out)["errors"][0]["field"] == "case"
