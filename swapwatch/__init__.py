"""swapwatch: turn news into a clean record of prisoner exchanges (the Prefect-free core)."""

__version__ = "0.1.0"
