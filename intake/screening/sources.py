"""Guideline citations shown with each finding (the `source` field).

Citations are proper names and references, so they are not translated. Where a rule
rests on a secondary source, CLINICAL.md §4 says so; the citation repeats it.
"""

SIR = (
    "SIR 2019 periprocedural bleeding-risk consensus, Part II drug tables "
    "(JVIR 2019;30:1155-1184; via a public transcription); CLINICAL.md §2"
)
SIR_UNVERIFIED = SIR + " (drug not in SIR's table: unverified)"
SIR_TIERS = "SIR 2019 risk tiers (JVIR 2019;30:1155-1184); CLINICAL.md §1"
SUPPLEMENTS = (
    "ASRA 2015 via ASRA News 2016; Ang-Lee et al., JAMA 2001;286:208-216; "
    "CLINICAL.md §2 Supplements"
)
BLEEDING_DISORDER = (
    "SIR 2019 lab thresholds; EULAR 2021 intra-articular recommendations, rec. 8; "
    "CLINICAL.md §2 Bleeding disorder"
)
CONTRAST = (
    "ACR Manual on Contrast Media (via institutional pages); ACR-AAAAI 2025 "
    "consensus; CLINICAL.md §2 Contrast and iodine"
)
METFORMIN = (
    "ACR Manual on Contrast Media, metformin; CLINICAL.md §2 Contrast and iodine"
)
KIDNEY = "SIR 2019 drug tables (CrCl); ACR Manual on Contrast Media; CLINICAL.md §2"
LOCAL_ANESTHETIC = (
    "Drug allergy practice parameter (Khan et al., JACI 2022); "
    "CLINICAL.md §2 Anaesthetics"
)
SEDATION = (
    "SAMBA/ASA statement on malignant hyperthermia 2019; "
    "CLINICAL.md §2 Anaesthetics, sedation"
)
SLEEP_APNEA = "ASA practice guideline on obstructive sleep apnoea 2014; CLINICAL.md §2"
GLP1 = (
    "Multisociety GLP-1 guidance 2024; ASA consensus 2023; CLINICAL.md §2 GLP1_SEDATION"
)
SGLT2 = "FDA 2020 SGLT2 inhibitor labels; CLINICAL.md §2 SGLT2_SEDATION"
DIABETES_FASTING = "Clinic practice (unverified); CLINICAL.md §2 DIABETES_FASTING"
ESCORT = "Clinic leaflet (a driver home); CLINICAL.md §2 NO_ESCORT"
LATEX = "CLINICAL.md §2 LATEX_ALLERGY"
ANTISEPTIC = (
    "CLINICAL.md §2 ANTISEPTIC_ALLERGY; povidone-iodine is not a contrast allergy "
    "(CLINICAL.md §2 Contrast and iodine)"
)
CHLORHEXIDINE = (
    "MHRA Drug Safety Update 2021 (chlorhexidine anaphylaxis); AAGBI/BSACI "
    "perioperative anaphylaxis guidance; CLINICAL.md §2 ANTISEPTIC_ALLERGY"
)
BONE_CEMENT = (
    "SIR vertebroplasty quality improvement guidelines (JVIR 2003); CLINICAL.md §2"
)
INFECTION = "SIR vertebroplasty guidelines (contraindications); CLINICAL.md §2"
PREGNANCY = (
    "ACR-SPR practice parameter on imaging pregnant patients; CLINICAL.md §2 PREGNANCY"
)
STEROID = "EULAR 2021 intra-articular recommendations, rec. 7; CLINICAL.md §2"
UNRECOGNIZED = "CLINICAL.md §2 Medications the engine cannot place"
