"""RULES §12: when each pitfall of the sidebar applies to the patient [SEED].

The laboratory's own ANC LLN (before Duffy-null) decides a "low" ANC here: a low ANC that
may be a Duffy-null normal is low against it.
"""

from __future__ import annotations

from leukodesk.core.rules.logic import Cmp, Flag, Is, Missing, Not, Ref, all_, any_, not_yes
from leukodesk.core.rules.table.entries import PitfallRule as P

HAEMATOLOGICAL = ("mds_lower_risk", "mds_higher_risk", "cmml", "cmml_myeloproliferative",
                  "aml", "all", "apl", "other_haematological")
LOW_ANC = Cmp("anc", "<", "lab_lln_anc")
ANY_LOW = any_(Ref("leukopenia"), LOW_ANC)
ANC_NOT_LOW = any_(Missing("anc"), Cmp("anc", "≥", "ANC_MILD_FROM"))

PITFALLS = (
    P("not_all_need_treatment", all_(
        any_(Ref("mild_leukopenia"),
             all_(Cmp("anc", "≥", "ANC_MILD_FROM"), Cmp("anc", "<", "ANC_NORMAL_FROM"))),
        not_yes(Ref("fn")))),
    P("no_reflex_prophylaxis", all_(Ref("mild_leukopenia"), ANC_NOT_LOW)),
    P("blast_maturation", Is("diagnosis", HAEMATOLOGICAL)),
    P("nutrition", Ref("mild_leukopenia")),
    P("apl_leukapheresis", Is("diagnosis", ("apl",))),
    P("duffy_null", all_(LOW_ANC, Cmp("anc", "≥", "ANC_MILD_FROM"), Is("diagnosis", ("none",)),
                         Not(Flag("myelosuppressive_chemo")))),
    P("trend_and_lines", any_(ANY_LOW, all_(Cmp("hemoglobin", "<", "lln_hemoglobin"),
                                            Cmp("platelets", "<", "lln_platelets")))),
    P("manual_smear", ANY_LOW),
)
