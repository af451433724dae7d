"""The site configuration file (RULES §16): what it may say, how a bad one is refused
(whole, each error by key and line), where it is found, and what it changes in the core."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from leukodesk.core.assessment import assess
from leukodesk.core.config.apply import (
    procedure_thresholds,
    stocked,
    with_site_dose_defaults,
    with_site_units,
)
from leukodesk.core.config.locate import ENV_VAR, locate, system_paths
from leukodesk.core.config.read import ConfigErrors, key_lines, parse_config
from leukodesk.core.contract.limits import LIMITS
from leukodesk.core.rules import thresholds as rules

SITE = '[site]\nname = "St Elsewhere"\n'
CENTRAL_50 = SITE + ('[procedures.central_line]\nthreshold = 50\n'
                     'source = "Transfusion policy 2026, s.4"\n')
PLT_30_LINE = {"wbc": 3, "platelets": 30, "planned_procedure": "central_line"}


def refused(text: str) -> list[tuple[str, int | None, str]]:
    with pytest.raises(ConfigErrors) as caught:
        parse_config(text.encode())
    return [(e.field, e.line, e.message) for e in caught.value.errors]


def site(text: str):   # noqa: ANN201 - the SiteConfig
    return parse_config(text.encode()).config


# --- what a valid file says -------------------------------------------------------------
def test_the_name_is_required_and_nothing_else() -> None:
    assert site(SITE).site.name == "St Elsewhere"
    assert refused("[lln]\nwbc = 4\n") == [("config.site", None, "is required")]


def test_the_hash_is_the_first_12_hex_digits_of_the_files_sha256() -> None:
    data = CENTRAL_50.encode()
    loaded = parse_config(data)
    assert loaded.hash == hashlib.sha256(data).hexdigest()[:12]
    assert loaded.stamp() == {"name": "St Elsewhere", "hash": loaded.hash}
    # one byte more (a trailing newline) is another file
    assert parse_config(data + b"\n").hash != loaded.hash


@pytest.mark.parametrize(("key", "low", "high"), [
    ("wbc", "0.5", "20"), ("anc", "0.1", "10"), ("lymphocytes", "0.1", "10"),
    ("platelets", "10", "1000"), ("hemoglobin", "5", "20")])
def test_each_lln_is_held_to_the_inputs_limits_at_both_edges(key: str, low: str,
                                                             high: str) -> None:
    lim = LIMITS[f"lln.{key}"]   # one table of limits: the file's are the inputs'
    assert (str(lim.minimum), str(lim.maximum)) == (low, high)
    for edge in (low, high):
        assert str(getattr(site(f"{SITE}[lln]\n{key} = {edge}\n").lln, key)) == edge
    below = f"{float(low) - 0.01:g}"
    above = f"{float(high) + 0.01:g}"
    for value in (below, above):
        [(field, line, message)] = refused(f"{SITE}[lln]\n{key} = {value}\n")
        assert (field, line) == (f"config.lln.{key}", 4)
        assert "outside" in message


@pytest.mark.parametrize(("value", "ok"), [("9", False), ("10", True), ("100", True),
                                           ("101", False)])
def test_a_procedure_threshold_is_10_to_100(value: str, ok: bool) -> None:
    text = f'{SITE}[procedures.lumbar_puncture]\nthreshold = {value}\nsource = "x"\n'
    if ok:
        assert str(site(text).procedures.lumbar_puncture.threshold) == value
    else:
        assert refused(text)[0][:2] == ("config.procedures.lumbar_puncture.threshold", 4)


@pytest.mark.parametrize(("value", "ok"), [("0", True), ("50", True), ("50.5", False),
                                           ("-1", False)])
def test_the_tolerance_is_0_to_50(value: str, ok: bool) -> None:
    text = f"{SITE}[dosing]\ntolerance_pct = {value}\n"
    if ok:
        assert str(site(text).dosing.tolerance_pct) == value
    else:
        assert refused(text)[0][:2] == ("config.dosing.tolerance_pct", 4)


def test_a_procedure_needs_its_source() -> None:
    assert refused(f"{SITE}[procedures.central_line]\nthreshold = 30\n") == [
        ("config.procedures.central_line.source", 3, "is required")]


# --- refused whole, every error by key and line -----------------------------------------
def test_unknown_tables_and_keys_are_refused_each_by_its_line() -> None:
    errors = refused(SITE + "[lln]\nwbc = 4\nneutrophils = 2\n\n[procedure]\nx = 1\n")
    assert [(f, line) for f, line, _ in errors] == [("config.lln.neutrophils", 5),
                                                    ("config.procedure", 7)]
    assert all("unknown key" in m for _, _, m in errors)


def test_every_error_is_reported_at_once() -> None:
    errors = refused(SITE + '[units]\ncounts = "furlongs"\n[lln]\nwbc = 99\nanc = "2"\n'
                     '[dosing]\nproducts = ["filgrastim", "aspirin"]\n')
    assert [(f, line) for f, line, _ in errors] == [
        ("config.dosing.products[1]", 9), ("config.lln.wbc", 6), ("config.lln.anc", 7),
        ("config.units.counts", 4)]


def test_a_toml_syntax_error_gives_tomllibs_line() -> None:
    [(field, line, message)] = refused(SITE + "[lln\nwbc = 4\n")
    assert (field, line) == ("config", 3)
    assert message.startswith("not valid TOML")


def test_notes_name_known_recommendations_in_one_short_line() -> None:
    ok = site(SITE + '[notes]\nplt_procedure = "Blood bank: ext 1234"\n')
    assert ok.notes == {"plt_procedure": "Blood bank: ext 1234"}
    assert refused(SITE + '[notes]\nno_such_rule = "x"\n')[0][:2] == (
        "config.notes.no_such_rule", 4)
    assert refused(SITE + f'[notes]\nplt_procedure = "{"x" * 301}"\n')[0][:2] == (
        "config.notes.plt_procedure", 4)
    assert site(SITE + f'[notes]\nplt_procedure = "{"x" * 300}"\n').notes


def test_presentation_sets_built_in_or_the_sites_own() -> None:
    text = (SITE + '[dosing.presentation_sets]\neu_syringes = "built-in"\n'
            '[[dosing.presentation_sets.local]]\nproduct = "filgrastim"\nmcg = 480\n'
            'ml = 0.5\nkind = "syringe"\nsource = "Formulary item 12"\n')
    stock = stocked(site(text))
    assert stock is not None and stock.built_in_sets == ("eu_syringes",)
    [p] = stock.site_presentations("filgrastim")["local"]
    assert (p.mcg, str(p.ml), p.kind, p.source) == (480, "0.5", "syringe", "Formulary item 12")
    assert stock.site_presentations("pegfilgrastim") == {}
    bad = refused(text.replace("ml = 0.5", "ml = 0").replace('eu_syringes = "built-in"',
                                                             'mars_vials = "built-in"'))
    assert [(f, line) for f, line, _ in bad] == [
        ("config.dosing.presentation_sets.local[0].ml", 8)]
    assert refused(text.replace('eu_syringes = "built-in"', 'mars_vials = "built-in"')
                   )[0][:2] == ("config.dosing.presentation_sets.mars_vials", 4)


def test_key_lines_reads_headers_arrays_and_dotted_keys() -> None:
    lines = key_lines('a = 1\n[t]\n# c\nx.y = 2\n[[s.p]]\nk = 1\n[[s.p]]\nk = """\nq = 1\n"""\n')
    assert lines[("a",)] == 1 and lines[("t", "x", "y")] == 4
    assert lines[("s", "p", 0, "k")] == 6 and lines[("s", "p", 1, "k")] == 8
    assert ("s", "p", 1, "q") not in lines   # inside a multi-line string


# --- where it is found ------------------------------------------------------------------
def test_each_place_in_order(tmp_path: Path) -> None:
    exe_dir, system_dir = tmp_path / "app", tmp_path / "xdg"
    (exe_dir).mkdir()
    (system_dir / "leukodesk").mkdir(parents=True)
    beside, system = exe_dir / "leukodesk.toml", system_dir / "leukodesk" / "leukodesk.toml"
    beside.write_text(SITE)
    system.write_text(SITE)
    env = {ENV_VAR: str(tmp_path / "env.toml"), "XDG_CONFIG_DIRS": str(system_dir)}

    def where(explicit: str | None, environ: dict[str, str], frozen: bool = True):  # noqa: ANN202
        found = locate(explicit, environ=environ, executable=str(exe_dir / "leukodesk"),
                       frozen=frozen, platform="linux")
        return None if found is None else (found.origin, found.path)

    assert where("given.toml", env) == ("--config", "given.toml")
    assert where(None, env) == (ENV_VAR, str(tmp_path / "env.toml"))   # named: need not exist
    no_env = {"XDG_CONFIG_DIRS": str(system_dir), ENV_VAR: " "}
    assert where(None, no_env) == ("beside the executable", str(beside))
    assert where(None, no_env, frozen=False) == ("system", str(system))   # from source
    beside.unlink()
    assert where(None, no_env) == ("system", str(system))
    system.unlink()
    assert where(None, no_env) is None


def test_the_system_folders_by_platform() -> None:
    assert system_paths("linux", {}) == ["/etc/xdg/leukodesk/leukodesk.toml"]
    assert system_paths("linux", {"XDG_CONFIG_DIRS": "/a:/b"}) == [
        "/a/leukodesk/leukodesk.toml", "/b/leukodesk/leukodesk.toml"]
    assert system_paths("win32", {"PROGRAMDATA": r"D:\Data"}) == [
        r"D:\Data\LeukoDesk\leukodesk.toml"]
    assert system_paths("darwin", {}) == [
        "/Library/Application Support/LeukoDesk/leukodesk.toml"]


# --- what it changes --------------------------------------------------------------------
def test_a_site_threshold_flips_the_transfusion_advice_and_names_its_source() -> None:
    built_in, local = assess(PLT_30_LINE), assess(PLT_30_LINE, site=site(CENTRAL_50))
    assert built_in.platelet_transfusion.transfuse_now is False     # 30 ≥ 20
    assert built_in.platelet_transfusion.procedure_threshold_source is None
    p = local.platelet_transfusion
    assert (p.transfuse_now, p.reasons, p.procedure_threshold) == (True, ["procedure"], 50)
    assert p.procedure_threshold_source == "Transfusion policy 2026, s.4"
    [rec] = [r for r in local.recommendations if r.id == "plt_procedure"]
    assert "this site's threshold: Transfusion policy 2026, s.4" in rec.text
    assert any("< 50 ×10⁹/L (this site's threshold: Transfusion policy 2026, s.4)" in line
               for line in rec.why.because)
    assert "plt_procedure" not in [r.id for r in built_in.recommendations]


@pytest.mark.parametrize(("platelets", "now"), [(49, True), (50, False)])
def test_the_site_threshold_keeps_the_rule_sets_side(platelets: int, now: bool) -> None:
    a = assess({**PLT_30_LINE, "platelets": platelets}, site=site(CENTRAL_50))
    assert a.platelet_transfusion.transfuse_now is now


def test_thresholds_the_site_leaves_out_stay_built_in() -> None:
    limits = procedure_thresholds(site(CENTRAL_50))
    assert limits["lumbar_puncture"] is rules.PLT_PROCEDURE_BELOW["lumbar_puncture"]
    assert limits["central_line"].value == 50 and limits["central_line"].sources == ()


def test_lln_and_unit_defaults_apply_only_where_the_input_gives_none() -> None:
    config = site(SITE + '[lln]\nplatelets = 140\nwbc = 3.5\n[units]\ncounts = "cells/uL"\n')
    a = assess({"wbc": 3000, "platelets": 145000}, site=config)
    assert (a.inputs.wbc, a.effective_lln.platelets, a.effective_lln.wbc) == (3, 140, 3.5)
    assert a.cytopenia_pattern is None and a.leukopenia is True   # 3 < 3.5
    own = assess({"wbc": 3, "units": {"counts": "10^9/L"}, "lln": {"wbc": 2.5}}, site=config)
    assert (own.inputs.wbc, own.effective_lln.wbc, own.effective_lln.platelets) == (3, 2.5, 140)
    nulls = assess({"wbc": 3, "units": {"counts": None}, "lln": {"wbc": None}}, site=config)
    assert (nulls.inputs.wbc, nulls.effective_lln.wbc) == (0.003, 3.5)
    assert with_site_units([1], config) == [1]   # not an object: validation refuses it


def test_notes_go_with_the_named_recommendation_only() -> None:
    config = site(CENTRAL_50 + '[notes]\nplt_procedure = "Blood bank: ext 1234"\n')
    a = assess(PLT_30_LINE, site=config)
    notes = {r.id: r.local_note for r in a.recommendations}
    assert notes.pop("plt_procedure") == "Blood bank: ext 1234"
    assert set(notes.values()) == {None}


def test_the_dose_request_gets_the_sites_tolerance_and_weight_unit_when_it_has_none() -> None:
    config = site(SITE + '[dosing]\ntolerance_pct = 20\n[units]\nweight = "lb"\n')
    assert with_site_dose_defaults({"weight": 160}, config) == {
        "weight": 160, "tolerance_pct": 20.0, "weight_unit": "lb"}
    own = {"weight_kg": 72, "tolerance_pct": 5}
    assert with_site_dose_defaults(own, config) == own
    assert with_site_dose_defaults(own, None) is own
