"""robots.txt per RFC 9309, pure: parse the text once, then answer "may this path be fetched?".

Not ``urllib.robotparser``: it has no ``*``/``$`` wildcards and no longest-match rule
(CPython #138907, reliability.md §10). Rules here follow RFC 9309 §2.2: the group of our product
token (case-insensitive), else the ``*`` group; several groups for the same agent are merged; the
longest matching pattern wins and Allow wins a tie; paths and patterns are compared with
percent-encoding normalised. Only the first ``MAX_ROBOTS_BYTES`` are parsed (§2.5: "at least 500
kibibytes"), the rest is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# RFC 9309 §2.5: crawlers MUST parse at least 500 KiB; we parse 512 KiB and ignore the rest.
MAX_ROBOTS_BYTES = 512 * 1024
_BOM = "\ufeff"
_LINE_RE = re.compile(r"\r\n|\r|\n")
_TOKEN_RE = re.compile(r"[A-Za-z_\-]+")
_PCT_RE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ROBOTS_PATH = "/robots.txt"  # always allowed (RFC 9309 §2.2.2, "implicitly allowed")


@dataclass(frozen=True, slots=True)
class RobotsRule:
    """One Allow or Disallow line: its normalised pattern and where it came from."""

    allow: bool
    pattern: str  # normalised; may hold "*" wildcards and end with "$"
    line: int  # 1-based line number in robots.txt; 0 for a synthetic rule

    def matches(self, path: str) -> bool:
        """True when this rule's pattern matches the normalised path (greedy, no backtracking)."""
        return _glob_match(self.pattern, path)

    def describe(self) -> str:
        """The rule as a robots.txt line, with its line number."""
        where = f" (line {self.line})" if self.line else ""
        return f"{'Allow' if self.allow else 'Disallow'}: {self.pattern}{where}"


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The rules that apply to us on one host; immutable, safe to share between threads."""

    rules: tuple[RobotsRule, ...] = ()
    agent: str = "*"  # the user-agent of the group that applied ("*" also when none did)

    @classmethod
    def allow_all(cls) -> RobotsRules:
        """Rules that allow every path (robots.txt absent: RFC 9309 §2.3.1.3)."""
        return cls()

    @classmethod
    def disallow_all(cls) -> RobotsRules:
        """Rules that forbid every path (robots.txt unreachable: RFC 9309 §2.3.1.4)."""
        return cls((RobotsRule(allow=False, pattern="/", line=0),))

    def deciding_rule(self, path_and_query: str) -> RobotsRule | None:
        """The most specific rule matching the path (longest pattern; Allow wins a tie), or None."""
        path = normalise_path(path_and_query)
        if path == _ROBOTS_PATH:
            return None
        best: RobotsRule | None = None
        for rule in self.rules:
            if not rule.matches(path):
                continue
            if best is None or len(rule.pattern) > len(best.pattern) or (
                len(rule.pattern) == len(best.pattern) and rule.allow and not best.allow
            ):
                best = rule
        return best

    def allows(self, path_and_query: str) -> bool:
        """True when we may fetch path_and_query (e.g. "/news/a?id=1") on this host."""
        rule = self.deciding_rule(path_and_query)
        return rule is None or rule.allow


def product_token(user_agent: str) -> str:
    """The product token of a User-Agent header ("swapwatch/0.1 (+url)" -> "swapwatch"), lowercased."""
    match = _TOKEN_RE.match(user_agent.strip())
    if match is None:
        msg = f"User-Agent {user_agent!r} does not start with a product token ([A-Za-z_-]+)"
        raise ValueError(msg)
    return match.group(0).lower()


def path_of(url: str) -> str:
    """The path and query of an absolute URL, as robots.txt rules see it ("/" when empty)."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def normalise_path(path: str) -> str:
    """Percent-encode non-ASCII and control octets, decode %XX of unreserved characters, uppercase hex."""
    normal = _normalise_octets(path)
    return normal if normal.startswith("/") else "/" + normal


def _normalise_octets(text: str) -> str:
    """normalise_path without the leading "/" guarantee (also used on pieces of a pattern)."""
    out: list[str] = []
    for char in text:
        code = ord(char)
        if code > 0x7E or code <= 0x20:
            out.extend(f"%{b:02X}" for b in char.encode("utf-8", "surrogatepass"))
        else:
            out.append(char)

    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else f"%{match.group(1).upper()}"

    return _PCT_RE.sub(fix, "".join(out))


def _glob_match(pattern: str, path: str) -> bool:
    """Match path against a pattern of literal text, "*" (any run of octets) and a final "$" (end)."""
    anchored = pattern.endswith("$")
    parts = (pattern[:-1] if anchored else pattern).split("*")
    if len(parts) == 1:
        return path == parts[0] if anchored else path.startswith(parts[0])
    first, middle, last = parts[0], parts[1:-1], parts[-1]
    if not path.startswith(first):
        return False
    pos = len(first)
    for piece in middle:  # leftmost match of each piece is always safe with "*"-only globs
        found = path.find(piece, pos)
        if found < 0:
            return False
        pos = found + len(piece)
    if anchored:
        return path.endswith(last) and len(path) - len(last) >= pos
    return path.find(last, pos) >= 0


def _lines(body: bytes) -> list[str]:
    """The lines of at most MAX_ROBOTS_BYTES of body, BOM removed; a line cut by the limit is dropped."""
    truncated = len(body) > MAX_ROBOTS_BYTES
    text = body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
    text = text.removeprefix(_BOM)
    lines = _LINE_RE.split(text)
    if truncated and lines:
        lines.pop()  # a half line could turn "Disallow: /private" into "Disallow: /p"
    return lines


def parse_robots(body: bytes, user_agent: str) -> RobotsRules:
    """Parse a robots.txt body into the rules for user_agent's product token (else the "*" group)."""
    token = product_token(user_agent)
    ours: list[RobotsRule] = []
    star: list[RobotsRule] = []
    found_ours = found_star = False
    agents: list[str] = []  # user-agents of the group being read
    in_rules = False  # a rule line was seen since the last user-agent line
    for number, raw in enumerate(_lines(body), start=1):
        line = raw.split("#", 1)[0].strip()
        key, sep, value = line.partition(":")
        if not sep:
            continue
        key, value = key.strip().lower(), value.strip()
        if key in ("user-agent", "useragent", "user agent"):
            if in_rules:  # a user-agent line after rules starts a new group
                agents, in_rules = [], False
            name = _TOKEN_RE.match(value)
            agents.append("*" if value.startswith("*") else (name.group(0).lower() if name else ""))
            found_ours = found_ours or token in agents
            found_star = found_star or "*" in agents
        elif key in ("allow", "disallow"):
            in_rules = True
            if not value or not agents:  # "Disallow:" with no path allows everything: no rule
                continue
            rule = RobotsRule(allow=key == "allow", pattern=_normalise_pattern(value), line=number)
            if token in agents:
                ours.append(rule)
            if "*" in agents:
                star.append(rule)
    if found_ours:
        return RobotsRules(tuple(ours), agent=token)
    return RobotsRules(tuple(star), agent="*") if found_star else RobotsRules.allow_all()


def _normalise_pattern(value: str) -> str:
    """Normalise a rule's path like a URL path, keeping "*" and a final "$" as operators."""
    anchored = value.endswith("$")
    body = re.sub(r"\*+", "*", value[:-1] if anchored else value)
    normal = "*".join(_normalise_octets(piece) for piece in body.split("*"))
    if not normal.startswith(("/", "*")):
        normal = "/" + normal
    return normal + ("$" if anchored else "")
