"""sme2go consortia."""
