"""Guideline citations shown with each finding (the `source` field).

Citations are proper names and references a radiologist can look up, so they are
not translated and never point at the project's own documents. Where a rule rests
on a secondary source or on the clinic's own practice, the citation says so.
"""

SIR = (
    "SIR 2019 periprocedural bleeding-risk consensus, Part II drug tables "
    "(JVIR 2019;30:1155-1184; via a public transcription)"
)
SIR_UNVERIFIED = SIR + " (drug not in SIR's table: unverified)"
SUPPLEMENTS = "ASRA 2015 via ASRA News 2016; Ang-Lee et al., JAMA 2001;286:208-216"
BLEEDING_DISORDER = (
    "SIR 2019 lab thresholds; EULAR 2021 intra-articular recommendations, rec. 8"
)
CONTRAST = (
    "ACR Manual on Contrast Media (via institutional pages); ACR-AAAAI 2025 consensus"
)
METFORMIN = "ACR Manual on Contrast Media, metformin"
KIDNEY = "SIR 2019 drug tables (CrCl); ACR Manual on Contrast Media"
LOCAL_ANESTHETIC = "Drug allergy practice parameter (Khan et al., JACI 2022)"
SEDATION = "SAMBA/ASA statement on malignant hyperthermia 2019"
SLEEP_APNEA = "ASA practice guideline on obstructive sleep apnoea 2014"
GLP1 = "Multisociety GLP-1 guidance 2024; ASA consensus 2023"
SGLT2 = "FDA 2020 SGLT2 inhibitor labels"
DIABETES_FASTING = "Clinic practice (unverified)"
ESCORT = "Clinic leaflet (a driver home)"
LATEX = "Clinic practice: latex-safe room and supplies"
ANTISEPTIC = (
    "Clinic practice: chlorhexidine or alcohol skin prep; povidone-iodine is not a "
    "contrast allergy (ACR Manual on Contrast Media; ACR-AAAAI 2025 consensus)"
)
CHLORHEXIDINE = (
    "MHRA Drug Safety Update 2021 (chlorhexidine anaphylaxis); AAGBI/BSACI "
    "perioperative anaphylaxis guidance"
)
BONE_CEMENT = "SIR vertebroplasty quality improvement guidelines (JVIR 2003)"
INFECTION = "SIR vertebroplasty guidelines (contraindications)"
PREGNANCY = "ACR-SPR practice parameter on imaging pregnant patients"
STEROID = "EULAR 2021 intra-articular recommendations, rec. 7"
UNRECOGNIZED = "Clinic practice: confirm every medication the screening cannot name"
