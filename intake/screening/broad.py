"""Broad name coverage from the PyPI package drug-named-entity-recognition.

The package (MIT; data from DrugBank's CC0 open vocabulary, MeSH, MedlinePlus, NHS,
PubChem and Wikipedia) maps about 100,000 brand and generic spellings to a canonical
generic. Only its exact table is used: its fuzzy mode gives wrong answers ("elequis"
-> ropinirole). Its dictionary is read straight from the package's data file, which
skips the n-gram index the package builds on import (half of its load time) and its
network-capable helpers; if the file's layout ever changes, the package's own
module is imported instead. Either way it loads once per process, on first use.
"""

import bz2
import functools
import importlib.util
import logging
import pickle
import re
from pathlib import Path

logger = logging.getLogger(__name__)

_PACKAGE = "drug_named_entity_recognition"
_DATA_FILE = "drug_ner_dictionary.pkl.bz2"
_PARENTHESES = re.compile(r"\([^)]*\)")
_PARTS = re.compile(r"/|\band\b|\bwith\b")


@functools.cache
def _dictionary():
    """Return the package's name tables, or {} without the package."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or spec.origin is None:
        logger.warning("%s is not installed: broad drug names unavailable", _PACKAGE)
        return {}
    try:
        # The package's own data file, installed from PyPI with it (same trust as
        # importing the package, which unpickles the same file).
        with bz2.open(Path(spec.origin).parent / _DATA_FILE, "rb") as handle:
            return pickle.load(handle)
    except (OSError, KeyError, TypeError, pickle.UnpicklingError):
        from drug_named_entity_recognition import drugs_finder

        return {
            "drug_variant_to_canonical": drugs_finder.drug_variant_to_canonical,
            "drug_canonical_to_data": drugs_finder.drug_canonical_to_data,
        }


def variant_table():
    """Return {lower-case spelling: [canonical names]}, or {} without the package."""
    return dict(_dictionary().get("drug_variant_to_canonical", {}))


def drugbank_id(generic):
    """Return the DrugBank accession (DB00682) the package gives a generic, or None.

    The ids come from DrugBank's CC0 open vocabulary, through the package's data.
    """
    data = _dictionary().get("drug_canonical_to_data", {}).get(generic.lower())
    return (data or {}).get("drugbank_id")


def canonical_parts(canonical):
    """Split "acetylsalicylic acid/dipyridamole" into its ingredient names.

    Text in brackets and after a comma qualifies the ingredient ("insulin glargine
    (rdna origin)", "insulin, regular, human") and is dropped.
    """
    text = _PARENTHESES.sub(" ", canonical.lower())
    parts = (part.split(",")[0].strip() for part in _PARTS.split(text))
    return [part for part in parts if part]
