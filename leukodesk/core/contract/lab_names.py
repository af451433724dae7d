"""The names a laboratory report gives its columns, English and German, and the units its
headers state: what :mod:`leukodesk.core.contract.lab_paste` reads a header with.

A column's role is one of :data:`ROLE_NAMES`: the time (a date or date-time), a time of
day beside a date, or a value of a history row under its key in the contract. A
neutrophil column is read as the ANC only when it says it is absolute ("abs", "#", or a
count unit); one in % is not the ANC, and one that does not say is left for the user to
assign (never guessed).
"""

from __future__ import annotations

import re

ROLE_NAMES = {"time": "Date (or date and time)", "clock": "Time of day", "wbc": "WBC",
              "anc": "ANC", "differential.segs_pct": "Segmented %",
              "differential.bands_pct": "Bands %", "platelets": "Platelets",
              "hemoglobin_g_dl": "Hemoglobin"}
VALUE_ROLES = ("wbc", "anc", "differential.segs_pct", "differential.bands_pct", "platelets",
               "hemoglobin_g_dl")
COUNT_ROLES = ("wbc", "anc", "platelets")

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "µ": "u", "μ": "u"})
_BRACKETS = re.compile(r"[(\[]([^)\]]*)[)\]]")
_QUALIFIERS = {"abs", "absolut", "absolute", "rel", "relativ", "relative", "count",
               "anzahl", "konz", "konzentration", "calc", "berechnet", "im", "blut", "ges",
               "gesamt", "total"}
_TIME = {"date", "datum", "time", "zeit", "uhrzeit", "date time", "datetime", "datum zeit",
         "datum uhrzeit", "abnahme", "abnahmedatum", "abnahmezeit", "abnahme datum",
         "abnahme zeit", "entnahme", "entnahmedatum", "entnahmezeit", "collected",
         "collection", "collection date", "collection time", "collection date time",
         "sampled", "sample date", "sample time", "specimen date", "drawn", "tag"}
_WBC = {"wbc", "leukozyten", "leuko", "leukos", "leukocytes", "leucocytes", "leukocyten",
        "white cells", "white blood cells", "white blood cell", "white cell count",
        "white blood cell count", "wcc", "wbc count", "lc"}
_ANC = {"anc", "anc calc"}
_NEUTRO = {"neutrophile", "neutrophil", "neutrophils", "neutro", "neut", "neutros",
           "neutrophile granulozyten", "neutrophil count", "absolute neutrophil count",
           "neutrophile gesamt", "granulozyten neutrophile"}
_SEGS = {"segmentkernige", "segmentkernig", "segs", "seg", "segmented",
         "segmented neutrophils", "segmentkernige neutrophile", "segmentkernige granulozyten"}
_BANDS = {"stabkernige", "stabkernig", "bands", "band", "band neutrophils", "stabs",
          "stabkernige neutrophile", "stabkernige granulozyten"}
_PLATELETS = {"plt", "platelets", "platelet", "platelet count", "thrombozyten", "thrombo",
              "thrombos", "thrombocytes", "thr", "plaettchen", "blutplaettchen", "thrombocyten"}
_HB = {"hb", "hgb", "haemoglobin", "hemoglobin", "hamoglobin"}
_COUNT_UNITS = {"/nl": "10^9/L", "g/l": "10^9/L", "gpt/l": "10^9/L", "10^9/l": "10^9/L",
                "10*9/l": "10^9/L", "x10^9/l": "10^9/L", "x 10^9/l": "10^9/L",
                "10e9/l": "10^9/L", "x10e9/l": "10^9/L", "10^3/ul": "10^9/L",
                "10*3/ul": "10^9/L", "x10^3/ul": "10^9/L", "k/ul": "10^9/L",
                "tsd/ul": "10^9/L", "1000/ul": "10^9/L", "/ul": "cells/uL",
                "cells/ul": "cells/uL", "zellen/ul": "cells/uL", "/mm3": "cells/uL",
                "cells/mm3": "cells/uL"}
_HB_UNITS = {"g/dl": "g/dL", "g/l": "g/L", "mmol/l": "mmol/L"}


def _parts(name: str) -> tuple[str, str, bool, bool]:
    """A header cell as (its words without units and qualifiers, its unit text, says
    per cent, says absolute)."""
    text = name.strip().lower().translate(_FOLD)
    units = " ".join(_BRACKETS.findall(text)).strip()
    base = _BRACKETS.sub(" ", text)
    if not units:   # "Hb g/dl": a unit as the last word
        last = base.split()[-1] if base.split() else ""
        if "/" in last and len(base.split()) > 1:
            units, base = last, base.rsplit(last, 1)[0]
    words = re.sub(r"[^a-z0-9 ]", " ", base).split()
    percent = "%" in text or any(w in ("rel", "relativ", "relative") for w in words)
    absolute = "#" in text or any(w in ("abs", "absolut", "absolute") for w in words) \
        or units.replace(" ", "") in _COUNT_UNITS
    core = " ".join(w for w in words if w not in _QUALIFIERS)
    return core, units, percent, absolute


def column_role(name: str) -> str | None:
    """The role a header name gives its column, or None (not read: unknown, a
    percentage where a count is meant, or a neutrophil column that does not say whether
    it is absolute)."""
    core, _units, percent, absolute = _parts(name)
    if core in _TIME:
        return "time"
    if core in _WBC and not percent:
        return "wbc"
    if core in _ANC and not percent:
        return "anc"
    if core in _NEUTRO:
        return "anc" if absolute and not percent else None
    if core in _SEGS:
        return None if absolute else "differential.segs_pct"
    if core in _BANDS:
        return None if absolute else "differential.bands_pct"
    if core in _PLATELETS and not percent:
        return "platelets"
    if core in _HB:
        return "hemoglobin_g_dl"
    return None


def header_unit(role: str | None, name: str) -> str | None:
    """The unit (a unit value of the contract: "10^9/L", "cells/uL", "g/dL" …) a header
    states for a count or the hemoglobin, or None."""
    _core, units, _percent, _absolute = _parts(name)
    unit = units.replace(" ", "")
    if role in COUNT_ROLES:
        return _COUNT_UNITS.get(unit)
    if role == "hemoglobin_g_dl":
        return _HB_UNITS.get(unit)
    return None
