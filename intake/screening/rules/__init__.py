"""The rule functions, one per code of DESIGN.md, in a fixed order.

Each takes the Context and yields Findings. The order only breaks ties: findings are
sorted worst first, then by code, then in the order produced here.
"""

from .anaesthesia import (
    bone_cement_allergy,
    latex_allergy,
    local_anesthetic_allergy,
    sedation_allergy,
)
from .antiseptic import antiseptic_allergy
from .antithrombotic import anticoagulant, antiplatelet, multiple_antithrombotics, nsaid
from .bleeding import bleeding_disorder, bleeding_supplement
from .contrast import contrast_allergy, kidney_disease, metformin_contrast
from .general import (
    active_infection,
    diabetes_steroid,
    pregnancy,
    unrecognized_medication,
)
from .sedation import (
    diabetes_fasting,
    glp1_sedation,
    no_escort,
    sglt2_sedation,
    sleep_apnea_sedation,
)

RULES = (
    anticoagulant,
    antiplatelet,
    multiple_antithrombotics,
    nsaid,
    bleeding_supplement,
    bleeding_disorder,
    contrast_allergy,
    metformin_contrast,
    kidney_disease,
    local_anesthetic_allergy,
    sedation_allergy,
    latex_allergy,
    antiseptic_allergy,
    bone_cement_allergy,
    active_infection,
    pregnancy,
    diabetes_steroid,
    diabetes_fasting,
    glp1_sedation,
    sglt2_sedation,
    sleep_apnea_sedation,
    no_escort,
    unrecognized_medication,
)
