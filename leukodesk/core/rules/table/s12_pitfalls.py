"""RULES §12 (2026.2): when each pitfall of the sidebar applies: only when its premise
holds for these inputs [SEED]. A pitfall that contradicts a shown recommendation is a
defect: the mild-leukopenia pitfalls need mild leukopenia with no active-management tier,
no febrile neutropenia, no other low line and no count at CTCAE grade 3 or worse; the
Duffy-null one a mildly low ANC, no fever and no low platelets.

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
# The premise of the mild-leukopenia pitfalls: nothing that needs acting on.
MILD_ONLY = (not_yes(Ref("active_management")), not_yes(Ref("fn")),
             not_yes(Ref("bi_or_pancytopenia")), not_yes(Ref("not_modest")))

PITFALLS = (
    P("not_all_need_treatment", all_(
        any_(Ref("mild_leukopenia"),
             all_(Cmp("anc", "≥", "ANC_MILD_FROM"), Cmp("anc", "<", "ANC_NORMAL_FROM"))),
        *MILD_ONLY)),
    P("no_reflex_prophylaxis", all_(Ref("mild_leukopenia"), ANC_NOT_LOW, *MILD_ONLY)),
    P("blast_maturation", Is("diagnosis", HAEMATOLOGICAL)),
    P("nutrition", all_(Ref("mild_leukopenia"), *MILD_ONLY)),
    P("apl_leukapheresis", Is("diagnosis", ("apl",))),
    P("duffy_null", all_(LOW_ANC, Cmp("anc", "≥", "ANC_MILD_FROM"), Is("diagnosis", ("none",)),
                         Not(Flag("myelosuppressive_chemo")), not_yes(Ref("fever")),
                         not_yes(Cmp("platelets", "<", "lln_platelets")))),
    P("trend_and_lines", any_(ANY_LOW, all_(Cmp("hemoglobin", "<", "lln_hemoglobin"),
                                            Cmp("platelets", "<", "lln_platelets")))),
    P("manual_smear", ANY_LOW),
)
