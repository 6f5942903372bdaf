"""Revised and updated figures: how news corrects or completes the count of an exchange.

"The final figure for Wednesday's exchange is 214", "bringing the number of Ukrainians returned
in the exchange to 214", "raising the total returned to 214", "the number of those freed rose to
214", "revised the count to 214". The frame ends right before the number. It is an event figure
of the exchange unless a running-total cue spans time ("bringing the total since 2022 to 6,140").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NOUN = r"(?:figure|count|tally|number|total|headcount)"
_RISE = (r"(?:rose|rises|risen|grew|grows|increased|increases|climbed|climbs|jumped|jumps|went up|goes up"
         r"|was revised|has been revised|had been revised|was corrected|was updated|now stands|stands|stood)")
# Each frame ends where the number starts; group "of" holds who is counted, when stated.
_FRAMES = (
    # "The final figure for Wednesday's prisoner exchange with Russia is 214"
    rf"\b(?:final|revised|updated|corrected|new|official|full|complete|latest)\s+{_NOUN}"
    rf"(?P<of>\s+(?:for|from|of|in)\s+[^.;:]{{0,80}}?)?\s+(?:is|was|stands at|stood at|came to|reached"
    r"|rose to|rises to|climbed to|grew to|increased to|now stands at|was revised to)\s+",
    # "bringing the number of Ukrainians returned in the Oct. 14 exchange to 214",
    # "raising the total returned to 214"
    rf"\b(?:bringing|brings|brought|bring|raising|raises|raised|taking|takes|took|pushing|pushes|pushed)\s+"
    rf"(?:the|its|their)\s+(?:final\s+|overall\s+)?{_NOUN}(?P<of>\s+[^.;:]{{0,80}}?)?\s+to\s+",
    # "the number of those freed rose to 214", "the total returned now stands at 214"
    rf"\b(?:the|its|their)\s+{_NOUN}(?P<of>\s+(?:of\s+)?[^.;:]{{0,60}}?)?\s+{_RISE}\s+(?:up\s+)?(?:to|at)\s+",
    # "revising the count to 214", "revised its figure upward to 214"
    rf"\brevis(?:ing|ed|es)\s+(?:the|its"
    rf"|their)\s+{_NOUN}(?P<of>\s+[^.;:]{{0,40}}?)?\s+(?:up(?:ward)?\s+)?to\s+",
)
_FRAME_RE = re.compile("|".join(f"(?:{f})" for f in _FRAMES).replace("(?P<of>", "(?:"), re.I)
_FRAME_RES = tuple(re.compile(f + r"$", re.I) for f in _FRAMES)
# The frame must be about people handed over, not about the dead or the wounded of a battle.
_ABOUT_EXCHANGE_RE = re.compile(
    r"(?i)\b(?:exchang\w*|swap\w*|swop\w*|handover|return\w*|releas\w*|freed|free|repatriat\w*|brought home"
    r"|came home|prisoners?|POWs?|captives|hostages|detainees|servicem[ae]n|soldiers|civilians|those"
    r"|people)\b"
)
_NOT_PEOPLE_RE = re.compile(
    r"(?i)\b(?:dead|deaths?|killed|casualt\w*|wounded in|injured|toll|bodies|remains|missing)\b",
)
# A running total spans time or many exchanges: never one exchange's figure.
SPAN_RE = re.compile(
    r"(?i)\b(?:since|so far|to date|in total|overall|altogether|in all|thus far|until now|throughout"
    r"|over the course|this year|last year|during the war|of the war|full-scale|cumulative"
    r"|(?:\d+|several|many|all|previous|past)\s+(?:prisoner\s+)?(?:swaps|exchanges))\b"
)


@dataclass(frozen=True, slots=True)
class Revision:
    """A revision frame before a number: where it starts and who it counts ("of" text)."""

    start: int
    of: str
    cumulative: bool


_KEY_RE = re.compile(r"figure|count|tally|number|total|Figure|Count|Tally|Number|Total")


def has_frame(sentence: str) -> bool:
    """Cheap test: could any revision frame occur in this sentence."""
    return _KEY_RE.search(sentence) is not None and _FRAME_RE.search(sentence) is not None


def revision_before(sentence: str, num_start: int) -> Revision | None:
    """The revision frame that ends right before the number at num_start, or None."""
    head = sentence[max(0, num_start - 160):num_start]
    offset = max(0, num_start - 160)
    for rx in _FRAME_RES:
        m = rx.search(head)
        if m is None:
            continue
        frame = m.group(0)
        after = sentence[num_start:num_start + 40]
        if not _ABOUT_EXCHANGE_RE.search(frame) and not _ABOUT_EXCHANGE_RE.search(after):
            continue
        if _NOT_PEOPLE_RE.search(frame):
            return None
        tail = re.split(r"[;.]", sentence[num_start:num_start + 80])[0]
        return Revision(offset + m.start(), (m.group("of") or "").strip(), bool(SPAN_RE.search(frame + tail)))
    return None
