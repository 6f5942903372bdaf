"""Read a test sentence as an article published on a fixed day: the helpers the rule test files share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from swapwatch.counts import extract_events
from swapwatch.figures import Figure, find_figures
from swapwatch.models import Article, SwapEvent
from swapwatch.sentences import split_sentences


def figures_of(text: str, pair: tuple[str, str] = ("RU", "UA")) -> list[Figure]:
    """The people figures find_figures reads in the first sentence of a text."""
    return find_figures(split_sentences(text)[0], pair)


@dataclass(frozen=True)
class Reader:
    """Articles, events and the one main event of texts published on `published`."""

    published: date | None

    def article(self, text: str, title: str | None = None) -> Article:
        """The text as an article with this reader's publication date."""
        return Article(text=text, published=self.published, title=title)

    def events(self, text: str, title: str | None = None) -> tuple[SwapEvent, ...]:
        """Every event extracted from the text (main first)."""
        events, _ = extract_events(self.article(text, title))
        return events

    def main(self, text: str, title: str | None = None) -> SwapEvent:
        """The one main event of the text; fails the test when there is not exactly one."""
        mains = [e for e in self.events(text, title) if e.role == "main"]
        assert len(mains) == 1, mains
        return mains[0]
