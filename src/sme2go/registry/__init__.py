"""sme2go registry."""
