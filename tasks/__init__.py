"""Thin Prefect task wrappers around the core and the warehouse."""
