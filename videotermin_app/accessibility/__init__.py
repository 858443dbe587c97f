"""Accessibility: the statement (`/barrierefreiheit`, BITV 2.0) and the steps in Leichte Sprache."""
