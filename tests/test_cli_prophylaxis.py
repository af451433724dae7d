"""``leukodesk prophylaxis``: a JSON object (or a list) in, the RULES §14 decision out as
JSON (or words with --text); invalid input exits 2 with {"errors": [{"field", "message"}]}
naming each field, and never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_cli import call as cli_call

from leukodesk.core.dosing.prophylaxis import decide_prophylaxis

CONTRACT_KEYS = {"primary", "secondary", "factors", "warnings", "sources", "rules_version",
                 "site"}


def call(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    return cli_call(["prophylaxis", *argv], stdin)


def test_one_object_gives_the_contract_keys() -> None:
    status, out, err = call([], json.dumps({"regimen_fn_risk_pct": 20, "age_years": 65}))
    doc = json.loads(out)
    assert status == 0 and not err
    assert set(doc) >= CONTRACT_KEYS
    assert doc["primary"] == "recommended" and doc["secondary"] is None
    assert doc["factors"] == ["age_ge_65"]
    assert doc["warnings"] == ["nccn_20_percent_is_intermediate", "nccn_age_over_65"]
    assert doc["rules_version"] == "2026.2" and doc["site"] is None
    assert "ASCO-CSF-2015" in doc["sources"]


def test_a_list_gives_a_list_in_order(tmp_path: Path) -> None:
    docs = [{"regimen_risk_category": "low"}, {"regimen_fn_risk_pct": 15, "previous_fn": True},
            {"mediastinal_chemoradiation": True, "regimen_risk_category": "high"}]
    path = tmp_path / "cycles.json"
    path.write_text(json.dumps(docs), encoding="utf-8")
    status, out, _ = call([str(path)])
    got = json.loads(out)
    assert status == 0
    assert [d["primary"] for d in got] == ["not_routinely_recommended", "consider",
                                           "avoid_chemoradiation"]
    assert got[1]["factors"] == ["previous_fn"]
    assert got[2]["without_chemoradiation"] == {"primary": "recommended", "secondary": None}
    assert got == [{**decide_prophylaxis(d).model_dump(mode="json"), "site": None}
                   for d in docs]   # the command line adds the site (RULES §16)


@pytest.mark.parametrize(("doc", "field"), [
    ({"regimen_fn_risk_pct": 20, "regimen_risk_category": "high"}, "regimen_risk_category"),
    ({"risk_factors": ["age_ge_65", "smoking"]}, "risk_factors[1]"),
    ({"regimen_fn_risk_pct": 120}, "regimen_fn_risk_pct"),
    ({"regimen_fn_risk_pct": False}, "regimen_fn_risk_pct"),
    ({"previous_fn": "no"}, "previous_fn"),
    ({"cycle": 3}, "cycle"),
], ids=lambda v: str(v)[:30])
def test_bad_input_exits_2_naming_the_field(doc: dict[str, Any], field: str) -> None:
    status, out, _ = call(["-"], json.dumps(doc))
    assert status == 2
    assert [e["field"] for e in json.loads(out)["errors"]] == [field]


def test_one_bad_object_in_a_list_exits_2_and_keeps_the_others() -> None:
    status, out, _ = call([], json.dumps([{"regimen_fn_risk_pct": 25},
                                          {"regimen_risk_category": "medium"}]))
    got = json.loads(out)
    assert status == 2
    assert got[0]["primary"] == "recommended"
    assert got[1]["errors"][0]["field"] == "regimen_risk_category"


@pytest.mark.parametrize("text", ["", "{", "null", "42"])
def test_what_is_not_a_request_exits_2(text: str) -> None:
    status, out, _ = call([], text)
    assert status == 2 and json.loads(out)["errors"]


def test_text_prints_the_decision_in_words() -> None:
    status, out, _ = call(["--text"], json.dumps({"regimen_fn_risk_pct": 12,
                                                  "risk_factors": ["hiv"]}))
    assert status == 0
    assert out.startswith("Primary G-CSF prophylaxis: consider it\n")
    assert "Risk factors counted (1): HIV infection." in out


def test_the_real_command_runs_without_qt() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    code = ("import sys, runpy; sys.argv = ['leukodesk', 'prophylaxis'];"
            "\ntry: runpy.run_module('leukodesk', run_name='__main__')"
            "\nexcept SystemExit as e: code = e.code"
            "\nprint('QT' if any(m.startswith('PySide6') for m in sys.modules) else 'noqt',"
            " file=sys.stderr); sys.exit(code)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env,
                          input=b'{"regimen_risk_category": "intermediate"}', timeout=60,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.decode("utf-8"))["notes"] == ["reassess_every_cycle"]
    assert proc.stderr.decode().strip().endswith("noqt")


def test_the_text_names_the_site_configuration(tmp_path) -> None:
    """RULES §16: every output of every command names the configuration in force."""
    import io
    import json

    from leukodesk import cli

    path = tmp_path / "site.toml"
    path.write_text('[site]\nname = "Ward 7"\n', encoding="utf-8")
    out = io.StringIO()
    assert cli.run(["prophylaxis", "--config", str(path), "--text", "-"], out=out,
                   err=io.StringIO(), stdin=io.StringIO(json.dumps(
                       {"regimen_fn_risk_pct": 25}))) == 0
    assert out.getvalue().startswith("Site: Ward 7 (configuration ")
