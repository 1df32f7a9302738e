"""sme2go accounts."""
