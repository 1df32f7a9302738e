"""sme2go: runs an export programme for small smart-city companies."""

__version__ = "0.1.0"
