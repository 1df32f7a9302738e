"""Collaboration history (CORDIS participations), ties between companies, partner suggestions."""
