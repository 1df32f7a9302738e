"""sme2go opportunities."""
