"""The procedure as the engine sees it: the attributes of CLINICAL.md §1."""

from dataclasses import dataclass

BLEEDING_RISKS = ("low", "high")
SEDATIONS = ("none", "local", "iv")
SPINAL_LEVELS = ("cervical", "thoracic", "lumbar", "sacral")

_BOOLEAN_FIELDS = (
    "depends_on_spinal_level",
    "uses_contrast",
    "uses_steroid",
    "uses_cement",
    "uses_fluoroscopy",
    "beam_on_trunk",
)


@dataclass(frozen=True)
class ProcedureProfile:
    """The clinical attributes of one procedure (`clinical_attributes()`)."""

    slug: str
    bleeding_risk: str
    depends_on_spinal_level: bool
    sedation: str
    uses_contrast: bool
    uses_steroid: bool
    uses_cement: bool
    uses_fluoroscopy: bool
    beam_on_trunk: bool

    @classmethod
    def from_attributes(cls, attributes):
        """Build a profile from the dict `Procedure.clinical_attributes()` returns."""
        expected = {"slug", "bleeding_risk", "sedation", *_BOOLEAN_FIELDS}
        if set(attributes) != expected:
            raise ValueError(f"procedure attributes must be exactly {sorted(expected)}")
        if attributes["bleeding_risk"] not in BLEEDING_RISKS:
            raise ValueError(f"unknown bleeding risk {attributes['bleeding_risk']!r}")
        if attributes["sedation"] not in SEDATIONS:
            raise ValueError(f"unknown sedation {attributes['sedation']!r}")
        for name in _BOOLEAN_FIELDS:
            if not isinstance(attributes[name], bool):
                raise ValueError(f"{name} must be a boolean")
        return cls(**attributes)

    @property
    def iv_sedation(self):
        """Return whether this is a "sedation procedure" (IV sedation, fasting)."""
        return self.sedation == "iv"

    def bleeding_tier(self, spinal_level=None):
        """Return the SIR tier; a cervical or unknown-level facet injection is high."""
        if self.depends_on_spinal_level and spinal_level in (None, "cervical"):
            return "high"
        return self.bleeding_risk

    def beam_on_trunk_at(self, spinal_level=None):
        """Return whether the X-ray beam crosses the trunk (cervical facet: no)."""
        if self.depends_on_spinal_level and spinal_level == "cervical":
            return False
        return self.beam_on_trunk

    def label(self, spinal_level=None):
        """Return a readable name for messages, with the level when it matters."""
        name = self.slug.replace("-", " ")
        if self.depends_on_spinal_level and spinal_level:
            return f"{spinal_level} {name}"
        return name
