"""Prefect flows of swapwatch and the `swapwatch` command (the shell around the core)."""
