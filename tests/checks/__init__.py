"""Tests of the check engine (behovsmelding.checks)."""
