"""The site configuration on the command line (RULES §16, CONTRACT-2026.2): ``--config`` on
every command, ``site`` on every JSON result, a refused file stops everything (exit 2, key
and line named, nothing computed), ``leukodesk config --check``."""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path

import pytest

from leukodesk import cli
from leukodesk.core.config.locate import ENV_VAR

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "packaging" / "leukodesk.example.toml"
GOOD = ('[site]\nname = "St Elsewhere"\n[procedures.central_line]\nthreshold = 50\n'
        'source = "Transfusion policy 2026, s.4"\n[dosing]\ntolerance_pct = 20\n'
        '[notes]\nplt_procedure = "Blood bank: ext 1234"\n')
PLT_30_LINE = {"wbc": 3, "platelets": 30, "planned_procedure": "central_line"}


@pytest.fixture(autouse=True)
def _no_site_from_the_machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Only the files these tests write: no LEUKODESK_CONFIG, and an empty system folder.
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "no-system"))


def run(argv: list[str], document: object = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    stdin = io.StringIO("" if document is None else json.dumps(document))
    return cli.run(argv, out=out, err=err, stdin=stdin), out.getvalue(), err.getvalue()


def write(tmp_path: Path, text: str, name: str = "site.toml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


def stamp_of(path: Path) -> dict[str, str]:
    return {"name": "St Elsewhere", "hash": hashlib.sha256(path.read_bytes()).hexdigest()[:12]}


def test_a_site_threshold_flips_the_transfusion_advice_with_its_source(tmp_path: Path) -> None:
    config = write(tmp_path, GOOD)
    status, out, _ = run(["assess"], PLT_30_LINE)
    built_in = json.loads(out)
    assert status == 0 and built_in["site"] is None
    assert built_in["platelet_transfusion"]["transfuse_now"] is False   # 30 ≥ 20
    for argv in (["--config", str(config), "assess"], ["assess", "--config", str(config)]):
        status, out, _ = run(argv, PLT_30_LINE)
        local = json.loads(out)
        assert status == 0 and local["site"] == stamp_of(config)
        p = local["platelet_transfusion"]
        assert (p["transfuse_now"], p["procedure_threshold"]) == (True, 50)
        assert p["procedure_threshold_source"] == "Transfusion policy 2026, s.4"
        [rec] = [r for r in local["recommendations"] if r["id"] == "plt_procedure"]
        assert rec["local_note"] == "Blood bank: ext 1234"
        assert "Transfusion policy 2026, s.4" in " ".join(rec["why"]["because"])


@pytest.mark.parametrize(("line", "key", "where"), [
    ("bogus = 1", "config.procedures.central_line.bogus", 5),      # unknown key
    ("threshold = 101", "config.procedures.central_line.threshold", 4),   # out of range
])
def test_a_bad_file_is_refused_whole_and_nothing_is_computed(tmp_path: Path, line: str,
                                                             key: str, where: int) -> None:
    text = GOOD.replace("threshold = 50", line) if "threshold" in line else \
        GOOD.replace("source = ", f"{line}\nsource = ")
    config = write(tmp_path, text)
    for argv, doc in ((["assess", "--config", str(config)], PLT_30_LINE),
                      (["--config", str(config), "dose"], {"weight_kg": 72}),
                      (["--config", str(config), "rules", "--json"], None)):
        status, out, err = run(argv, doc)
        assert status == 2
        errors = json.loads(out)["errors"]   # nothing but the errors: nothing computed
        assert [(e["field"], e["line"]) for e in errors] == [(key, where)]
        assert key in err and "nothing was computed" in err
    status, out, _ = run(["config", "--check", str(config)])
    assert status == 2 and f"{key} (line {where})" in out


def test_a_refused_file_found_by_the_environment_is_refused_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(write(tmp_path, GOOD + "[lln]\nwbc = 99\n")))
    status, out, _ = run(["assess"], PLT_30_LINE)
    assert status == 2 and json.loads(out)["errors"][0]["field"] == "config.lln.wbc"
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "missing.toml"))
    status, out, _ = run(["assess"], PLT_30_LINE)
    assert status == 2 and "cannot read" in json.loads(out)["errors"][0]["message"]


def test_the_environment_and_the_system_folder_apply_without_config(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    system = tmp_path / "xdg"
    (system / "leukodesk").mkdir(parents=True)
    system_file = write(system / "leukodesk", GOOD.replace("St Elsewhere", "System"),
                        "leukodesk.toml")
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(system))
    assert json.loads(run(["assess"], PLT_30_LINE)[1])["site"]["name"] == "System"
    env_file = write(tmp_path, GOOD)
    monkeypatch.setenv(ENV_VAR, str(env_file))
    assert json.loads(run(["assess"], PLT_30_LINE)[1])["site"] == stamp_of(env_file)
    given = write(tmp_path, GOOD.replace("St Elsewhere", "Given"), "given.toml")
    assert json.loads(run(["assess", "--config", str(given)], PLT_30_LINE)[1])["site"][
        "name"] == "Given"
    assert system_file.exists()


def test_site_is_on_every_result_of_every_command(tmp_path: Path) -> None:
    config = str(write(tmp_path, GOOD))
    _, out, _ = run(["--config", config, "assess"], [PLT_30_LINE, {"wbc": -1}])
    items = json.loads(out)
    assert items[0]["site"]["name"] == "St Elsewhere" and "site" not in items[1]   # an error
    _, out, _ = run(["dose", "--config", config], {"weight_kg": 72})
    assert json.loads(out)["site"]["name"] == "St Elsewhere"
    _, out, _ = run(["rules", "--json", "--config", config])
    assert json.loads(out)["site"]["name"] == "St Elsewhere"
    _, out, _ = run(["dose"], {"weight_kg": 72})
    assert json.loads(out)["site"] is None


def test_every_command_takes_config_before_and_after_its_name(tmp_path: Path) -> None:
    parser = cli.build_parser()
    commands = parser._subparsers._group_actions[0].choices   # type: ignore[union-attr]
    for name in commands:
        assert parser.parse_args([name, "--config", "x.toml"]).config == "x.toml", name
        assert parser.parse_args(["--config", "x.toml", name]).config == "x.toml", name


def test_the_dose_takes_the_sites_default_tolerance(tmp_path: Path) -> None:
    config = str(write(tmp_path, GOOD))
    _, out, _ = run(["dose", "--config", config], {"weight_kg": 72})
    assert json.loads(out)["tolerance_pct"] == 20
    _, out, _ = run(["dose", "--config", config], {"weight_kg": 72, "tolerance_pct": 5})
    assert json.loads(out)["tolerance_pct"] == 5


def test_notes_and_texts_name_the_site_under_their_title(tmp_path: Path) -> None:
    config = write(tmp_path, GOOD)
    line = f"Site: St Elsewhere (configuration {stamp_of(config)['hash']})"
    for argv, doc in ((["assess", "--note"], PLT_30_LINE), (["dose", "--note"],
                                                             {"weight_kg": 72}),
                      (["assess", "--text"], PLT_30_LINE)):
        status, out, _ = run([*argv, "--config", str(config)], doc)
        assert status == 0 and line in out.splitlines()[:5], argv
        assert line not in run(argv, doc)[1]
    _, note, _ = run(["assess", "--note", "--config", str(config)], PLT_30_LINE)
    assert "Local note: Blood bank: ext 1234" in " ".join(note.split())


def test_config_check_prints_what_is_in_force(tmp_path: Path) -> None:
    config = write(tmp_path, GOOD)
    status, out, _ = run(["config", "--check", str(config)])
    assert status == 0
    assert f"Hash: {stamp_of(config)['hash']}" in out
    assert "central line: below 50 ×10⁹/L (site: Transfusion policy 2026, s.4)" in out
    assert "lumbar puncture: below 50 ×10⁹/L (built-in" in out
    status, out, _ = run(["config", "--check", str(config), "--json"])
    doc = json.loads(out)
    assert status == 0 and doc["site"] == stamp_of(config)
    assert doc["procedures"]["central_line"] == {
        "threshold": 50.0, "source": "Transfusion policy 2026, s.4", "from": "site"}
    assert doc["dosing"]["tolerance_pct"] == 20.0
    status, out, _ = run(["config"])
    assert status == 0 and "No site configuration" in out
    status, out, _ = run(["config", "--json", "--check", str(write(tmp_path, "[site]\n"))])
    assert status == 2 and json.loads(out)["errors"][0]["field"] == "config.site.name"


def test_the_example_file_passes_config_check_with_every_option_used(tmp_path: Path) -> None:
    status, out, _ = run(["config", "--check", str(EXAMPLE)])
    assert status == 0, out
    # The optional settings, commented out in the example, are valid too.
    text = EXAMPLE.read_text(encoding="utf-8")
    every = re.sub(r"(?m)^# (?=\[|[a-z_]+ = )", "", text)
    assert every.count("\n") == text.count("\n") and every != text
    status, out, _ = run(["config", "--check", str(write(tmp_path, every))])
    assert status == 0, out
    assert "pharmacy_filgrastim (the site's)" in out


def test_config_alone_opens_the_window_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from leukodesk import app
    from leukodesk.ui import display_check
    from leukodesk.ui import run as window_run

    opened: list[list[str]] = []
    monkeypatch.setattr(display_check, "no_window_reason", lambda argv: "")
    monkeypatch.setattr(window_run, "run_window", lambda argv: opened.append(argv) or 0)
    assert app.main(["--config", "site.toml"]) == 0
    assert opened[-1][1:] == ["--config", "site.toml"]   # the window reads it (ui/site.py)
    assert app.main(["--config", "site.toml", "-platform", "offscreen"]) == 0
    assert len(opened) == 2
    assert app.main(["--config"]) == 2   # no FILE: the command line's usage error
    assert len(opened) == 2
