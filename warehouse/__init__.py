"""The DuckDB warehouse: the only package that knows SQL."""
