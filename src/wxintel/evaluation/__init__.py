"""Scoring wxintel against labelled sets (search judgments, notice facts, editors' digests)."""
