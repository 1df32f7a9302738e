"""sme2go markets."""
