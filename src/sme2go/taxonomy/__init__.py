"""The shared capability vocabulary: ISO 37120 themes split into solution capabilities.

Pure Python (no Django): `load_taxonomy()` returns the bundled taxonomy with its
cross-walks, and every other part of sme2go validates capability ids against it.
"""

from sme2go.taxonomy.model import Capability, Taxonomy, Theme, load_taxonomy

__all__ = ["Capability", "Taxonomy", "Theme", "load_taxonomy"]
