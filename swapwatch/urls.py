"""URL hygiene: normalise article URLs into story keys and validate links taken from feeds.

Pure functions, no I/O. ``normalize_url`` folds the variants one story is published under
(tracking parameters, AMP and mobile hosts, http/https, ``www.``, trailing slash) so the same
article seen through several feeds gets one key (reliability.md §9, Media Cloud
``normalized_url``). ``check_link`` is the gate every item link passes before it may be fetched.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit

# Only these schemes may ever be fetched (reliability.md §0: Stringer file:// read, Scrapy data://).
ALLOWED_SCHEMES: frozenset[str] = frozenset({"http", "https"})
# Media Cloud MAX_URL: longer links are junk or attacks, and break index keys.
MAX_URL_LEN = 2048

# Query parameters that only track the click, never select content (lower-case; prefixes below).
TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "twclid", "igshid", "mc_cid",
        "mc_eid", "ocid", "cmpid", "cmp", "icid", "ito", "xtor", "smid", "s_cid", "spm",
        "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "vero_id", "oly_enc_id", "oly_anon_id",
        "wt.mc_id", "wt_mc", "ns_mchannel", "ns_campaign", "ns_source", "ns_linkname",
        "ns_fee", "sr_share", "ref_src", "ref_url", "__twitter_impression", "amp",
        "utm",
    }
)
# utm_* (Google), at_* (AT Internet: at_medium, at_campaign ...), pk_* (Matomo), hsa_* (HubSpot ads).
TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "at_", "pk_", "hsa_")
# Host prefixes that serve the same article as the bare host (AMP caches, mobile editions).
HOST_ALIASES: tuple[str, ...] = ("www.", "amp.", "m.", "mobile.")
DEFAULT_PORTS: frozenset[int] = frozenset({80, 443})

_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# WHATWG URL parsing removes tab and newline anywhere and strips C0/space at both ends, so
# "java\tscript:" IS "javascript:" to a browser; we must see it the same way.
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))
_BAD_URL_CHARS = re.compile(r"[\x00-\x1f\x7f<>\"{}|\\^`]")
_BAD_HOST_CHARS = re.compile(r"[\s\x00-\x1f\x7f<>\"{}|\\^`/?#@]")
_PERCENT_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


def _clean_link(link: str) -> str:
    """Strip what a browser strips before parsing a URL (C0 + space at the ends, tab/newline)."""
    return _TAB_NEWLINE.sub("", link).strip(_C0_OR_SPACE)


def _fold_host(host: str) -> str:
    """Lower-case the host and drop www./amp./m./mobile. prefixes (never down to a bare TLD)."""
    host = host.lower().rstrip(".")
    changed = True
    while changed:
        changed = False
        for prefix in HOST_ALIASES:
            rest = host[len(prefix):]
            if host.startswith(prefix) and "." in rest:
                host, changed = rest, True
    return host


def _fold_path(path: str) -> str:
    """Drop AMP path segments (/amp, /amp/, .amp) and the trailing slash; upper-case escapes."""
    segments = [s for s in path.split("/") if s.lower() != "amp"]
    path = "/".join(segments)
    if path.lower().endswith(".amp"):
        path = path[: -len(".amp")]
    path = _PERCENT_ESCAPE.sub(lambda m: m.group(0).upper(), path)
    return path.rstrip("/")


def _is_tracking(key: str) -> bool:
    """True when a query parameter name only tracks the click."""
    low = key.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES)


def normalize_url(url: str) -> str:
    """Fold the variants of one article URL into one canonical https string (the story key).

    Input that is not an absolute http(s) URL with a host is returned stripped, unchanged.
    """
    cleaned = _clean_link(url)
    try:
        parts = urlsplit(cleaned)
        port = parts.port
    except ValueError:
        return cleaned
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not parts.hostname:
        return cleaned
    host = _fold_host(parts.hostname)
    if ":" in host:  # IPv6 literal: urlsplit drops the brackets
        host = f"[{host}]"
    netloc = host if port is None or port in DEFAULT_PORTS else f"{host}:{port}"
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    query = urlencode(sorted(pairs), quote_via=quote)
    path = _fold_path(parts.path)
    return f"https://{netloc}{path}" + (f"?{query}" if query else "")


def url_key(url: str) -> str:
    """The sha1 hex of the normalised URL: the article id used across the warehouse."""
    return hashlib.sha1(normalize_url(url).encode("utf-8"), usedforsecurity=False).hexdigest()


def check_link(
    link: str | None, base: str, *, max_len: int = MAX_URL_LEN
) -> tuple[str | None, str | None]:
    """Resolve an item link against base and validate it: (absolute URL, None) or (None, problem).

    problem is ``EMPTY`` (no link), ``BLOCKED_SCHEME`` (not http/https: javascript:, data:,
    file:, mailto:, smb: ...) or ``INVALID_URL`` (too long, no host, bad characters, relative
    link without a usable base). The SSRF check on the address happens at fetch time.
    """
    if link is None:
        return None, "EMPTY"
    cleaned = _clean_link(link)
    if not cleaned:
        return None, "EMPTY"
    if len(cleaned) > max_len:
        return None, "INVALID_URL"
    match = _SCHEME_RE.match(cleaned)
    if match and match.group(1).lower() not in ALLOWED_SCHEMES:
        return None, "BLOCKED_SCHEME"
    if not match:
        base_scheme = _SCHEME_RE.match(base.strip())
        if not base_scheme or base_scheme.group(1).lower() not in ALLOWED_SCHEMES:
            return None, "INVALID_URL"  # a relative link needs an absolute http(s) base
        cleaned = urljoin(base.strip(), cleaned)
    absolute = cleaned.replace(" ", "%20")
    problem = _url_problem(absolute, max_len)
    return (None, problem) if problem else (absolute, None)


def _url_problem(url: str, max_len: int) -> str | None:
    """Why an absolute URL cannot be fetched, or None when it is acceptable."""
    if len(url) > max_len or _BAD_URL_CHARS.search(url):
        return "INVALID_URL"
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError on a non-numeric or out-of-range port
    except ValueError:
        return "INVALID_URL"
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        return "BLOCKED_SCHEME"
    host = parts.hostname
    if not host or _BAD_HOST_CHARS.search(host):
        return "INVALID_URL"
    return None
