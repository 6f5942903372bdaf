"""The demo news site: sample feeds and pages written for swapwatch, served from 127.0.0.1."""

from swapwatch.demo.server import (
    DATA_DIR,
    EXPECTED_PATH,
    SITE_DIR,
    DemoServer,
    RequestRecord,
    load_expected,
    serve,
)

__all__ = ["DATA_DIR", "EXPECTED_PATH", "SITE_DIR", "DemoServer", "RequestRecord", "load_expected", "serve"]
