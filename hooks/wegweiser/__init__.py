"""Wegweiser: the family offer directory of a Präventionskette."""
