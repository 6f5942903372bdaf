"""Hostile-server tests: the fetcher and feed parser against a misbehaving local server."""
