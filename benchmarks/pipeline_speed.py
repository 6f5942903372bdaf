"""End-to-end ingest speed: `swapwatch run` over N generated ~60 KB news pages vs bare trafilatura.

What it does (issue 6; see benchmarks/README.md for what each figure means):

1. Generates N realistic news pages (templates + random vocabulary, fixed seed; `--page-style dense`,
   the default, has the markup of a real article page, ~730 elements; `light`, the page of sessions
   1-5, has ~130 elements and most of its 60 KB in one inline script) into a temp dir and
   spreads them over 20 RSS 2.0 feeds, served on 127.0.0.1 by a lean asyncio HTTP/1.1 server in
   this process, with ETag / Last-Modified validators and 304 answers (so the re-run is a
   conditional GET). Its CPU per run is printed: it stands in for the web and shares the two cores.
2. Starts a local Prefect server the way operators run it (`prefect server start`, temp
   PREFECT_HOME, quiet settings) and points PREFECT_API_URL at it.
3. Measures, each `swapwatch run` being a subprocess timed from spawn to exit:
   (a) first full run over all pages, pages/s;
   (b) bare single-process `trafilatura.extract(html)` (defaults) over the same pages in memory;
   (c) ratio pipeline seconds / bare trafilatura seconds (target <= 1.0). (b) and (a) are taken in
       `--pairs` pairs (default 3), bare just before each first run on a fresh warehouse, and the
       median pair is reported: the machine's speed drifts too much for measurements minutes apart;
   (f) the floor, also in each pair: the same polling, fetching (the same `Fetcher`) and analysis
       (the same pool of processes) with neither Prefect nor the warehouse, in a fresh process.
       What (a) costs beyond (f) is orchestration, the single writer and start-up;
   (d) wall time of an unchanged re-run (target < 25 % of the first run);
   (e) one-shot fixed cost of `swapwatch run` on a tiny feed set with NO server configured
       (fresh PREFECT_HOME, then a warm one), plus the same tiny run against the server.
   Peak RSS of each run process (and its reaped worker processes) comes from os.wait4; the
   RUSAGE_CHILDREN maximum is printed as well.

Usage:
    .venv/bin/python benchmarks/pipeline_speed.py                 # N=5000 dense pages, batch 250, 2 processes
    .venv/bin/python benchmarks/pipeline_speed.py --page-style light   # the sparse pages of sessions 1-5
    .venv/bin/python benchmarks/pipeline_speed.py --pages 200     # quick smoke run
    .venv/bin/python benchmarks/pipeline_speed.py --pages 5000 --sweep-batch-sizes 25,100 \
        --sweep-processes 1,3                                     # extra first runs, one knob each

Only 127.0.0.1 is used; nothing is written inside the repository.
"""

from __future__ import annotations

import argparse
import asyncio
import email.utils
import hashlib
import json
import math
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
SWAPWATCH = VENV_BIN / "swapwatch"
PREFECT = VENV_BIN / "prefect"
N_FEEDS = 20
SEED = 20261122
HOST = "127.0.0.1"
LAST_MODIFIED = datetime(2025, 11, 20, 18, 0, tzinfo=UTC)
# Seconds the Prefect server gets between a run and the next bare measurement (see main()).
SETTLE_SECONDS = 5
QUIET_ENV = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_UI_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
}

# --------------------------------------------------------------------------------------------
# Page generator: templates + vocabulary, fixed seed. Nothing here is copied from any corpus.
# --------------------------------------------------------------------------------------------

OUTLETS = [
    "Northern Dispatch", "Eastern Ledger", "Daily Frontline", "Continental Wire", "Harbour Herald",
    "Meridian Post", "Steppe Observer", "Baltic Courier", "Danube Times", "Prairie Tribune",
    "Atlas Report", "Civic Standard", "Morning Signal", "Granite Gazette", "Lakeside Review",
    "Capital Bulletin", "Southern Record", "Riverside Chronicle", "Summit Journal", "Orbit News",
]
SECTIONS = ["World", "Europe", "War in Ukraine", "Middle East", "Politics", "Security", "Analysis",
            "Opinion", "Business", "Energy", "Culture", "Sport", "Science", "Video", "Podcasts"]
CITIES = ["Kharkiv", "Zaporizhzhia", "Kherson", "Odesa", "Dnipro", "Sumy", "Chernihiv", "Mykolaiv",
          "Pokrovsk", "Kramatorsk", "Sloviansk", "Kupiansk", "Bakhmut", "Avdiivka", "Lviv", "Kyiv",
          "Belgorod", "Kursk", "Bryansk", "Donetsk", "Luhansk", "Mariupol", "Melitopol", "Izium"]
OFFICIALS = ["the regional governor", "a military spokesman", "the defence ministry",
             "the foreign ministry", "the general staff", "a senior presidential adviser",
             "the head of the regional administration", "an army spokesperson",
             "the national police", "the emergency service", "local officials",
             "the mayor", "a government minister", "the ombudsman for human rights"]
ORGS = ["the International Committee of the Red Cross", "the United Nations", "the OSCE",
        "the European Union", "NATO", "the IAEA", "the World Food Programme", "Amnesty International"]
THINGS = ["drone", "missile", "glide bomb", "artillery shell", "rocket", "cruise missile",
          "ballistic missile", "loitering munition"]
TARGETS = ["an apartment block", "a power substation", "a grain terminal", "a railway depot",
           "a school building", "a hospital annex", "a fuel depot", "an industrial site",
           "a residential street", "a bridge", "a supermarket", "a thermal power plant"]
ADJ = ["heavy", "intense", "renewed", "sporadic", "fierce", "overnight", "sustained", "limited",
       "coordinated", "unexpected", "prolonged", "massive", "fresh", "repeated"]
TOPICS = ["energy infrastructure", "air defence supplies", "the grain corridor", "ceasefire talks",
          "sanctions", "reconstruction funding", "mobilisation rules", "front-line logistics",
          "humanitarian corridors", "the nuclear plant", "winter preparations", "arms production"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MEDIATORS = ["the United Arab Emirates", "Turkey", "Saudi Arabia", "Qatar", "the Vatican"]
FIRST = ["Olena", "Andriy", "Mykola", "Iryna", "Serhiy", "Natalia", "Dmytro", "Oksana", "Pavlo",
         "Anna", "James", "Sarah", "Thomas", "Maria", "Peter", "Laura", "David", "Elena"]
LAST = ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Melnyk", "Hughes", "Fischer",
        "Moreau", "Novak", "Petrov", "Larsen", "Rossi", "Walker", "Schmidt", "Ivanova", "Marchenko"]

NEWS_SENTENCES = [
    "{Official} said {adj} shelling hit {target} in {city} late on {weekday}.",
    "At least {n} people were injured when a {thing} struck {target} on the outskirts of {city}.",
    "According to {official}, air defences shot down {n2} of {n3} {thing}s launched overnight.",
    "Residents of {city} spent much of the night in shelters as sirens sounded for {n} hours.",
    "{Org} said it was deeply concerned about the situation around {topic}.",
    "Repair crews restored power to {n4} households in {city} by the morning, {official} said.",
    "The attack on {target} was the {ordinal} this month, {official} told reporters.",
    "Analysts said the {adj} fighting near {city} showed little sign of easing before winter.",
    "In a video address, the president thanked partners for new support for {topic}.",
    "{Name}, a {age}-year-old teacher from {city}, said the windows of her flat were blown out.",
    "Officials in {city} announced new evacuation measures for families with children.",
    "The claims could not be independently verified, and there was no immediate comment from the other side.",
    "Talks on {topic} are expected to resume in {month}, diplomats said.",
    "{Official} reported {adj} clashes along a {n}-kilometre stretch of the front near {city}.",
    "The {thing} debris damaged {target} and several cars, {official} said.",
    "Ministers meeting in Brussels discussed {topic} and a further package of aid.",
    "Satellite images reviewed by independent analysts showed damage to {target} near {city}.",
    "{Org} said it had delivered {n4} tonnes of aid to front-line communities this week.",
]
SWAP_OPENERS = [
    "Russia and Ukraine exchanged {total} prisoners of war on {weekday}, in the latest swap "
    "mediated by {mediator}.",
    "Ukraine brought home {ua} servicemen from Russian captivity on {weekday}, the president said, "
    "while Moscow said it received {ru} of its soldiers in return.",
    "Kyiv and Moscow carried out a prisoner exchange on {weekday}, with {ua} Ukrainians and {ru} "
    "Russians returning home, officials on both sides said.",
]
SWAP_SENTENCES = [
    "The Russian defence ministry said {ru} Russian military personnel had been returned from "
    "territory controlled by Kyiv.",
    "\"Ours are home,\" the Ukrainian president wrote, adding that {ua} defenders had been freed.",
    "Among those released were {civ} civilians, including several detained in occupied {city}.",
    "The exchange was mediated by {mediator}, which has brokered several earlier swaps.",
    "Ukraine's coordination headquarters for the treatment of prisoners of war said most of "
    "those returned had been held since {year}.",
    "The freed soldiers were taken to hospitals for medical checks and psychological support.",
    "Relatives gathered near the border holding photographs of missing loved ones.",
    "Officials said the previous exchange, in {month}, returned {prev} prisoners to each side.",
    "The handover took place on the border with Belarus, according to {official}.",
    "Thousands of Ukrainians are still believed to be held in Russian captivity, officials say.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth", "seventh"]


def _fill(rng: random.Random, template: str, extra: dict[str, Any] | None = None) -> str:
    official = rng.choice(OFFICIALS)
    values = {
        "official": official, "Official": official[0].upper() + official[1:],
        "adj": rng.choice(ADJ), "target": rng.choice(TARGETS), "city": rng.choice(CITIES),
        "weekday": rng.choice(WEEKDAYS), "n": rng.randint(2, 40), "n2": rng.randint(10, 60),
        "n3": rng.randint(61, 120), "n4": rng.randint(1000, 90000), "thing": rng.choice(THINGS),
        "org": rng.choice(ORGS), "Org": rng.choice(ORGS)[0].upper() + rng.choice(ORGS)[1:],
        "topic": rng.choice(TOPICS), "ordinal": rng.choice(ORDINALS), "month": rng.choice(MONTHS),
        "Name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "age": rng.randint(24, 78),
        "mediator": rng.choice(MEDIATORS), "year": rng.choice(["2022", "2023", "2024"]),
    }
    if extra:
        values.update(extra)
    return template.format(**values)


def _paragraph(rng: random.Random, pool: list[str], extra: dict[str, Any] | None = None) -> str:
    return " ".join(_fill(rng, rng.choice(pool), extra) for _ in range(rng.randint(3, 6)))


def _css_noise(rng: random.Random, n_rules: int) -> str:
    rules = []
    for i in range(n_rules):
        cls = f".c-{rng.choice(['card', 'grid', 'nav', 'ad', 'promo', 'hero', 'tile'])}-{i:03d}"
        rules.append(
            f"{cls}{{margin:{rng.randint(0, 32)}px {rng.randint(0, 32)}px;padding:{rng.randint(0, 24)}px;"
            f"color:#{rng.randrange(0xFFFFFF):06x};font-size:{rng.randint(11, 22)}px;"
            f"line-height:{rng.uniform(1.1, 1.8):.2f};display:{rng.choice(['flex', 'block', 'grid'])}}}"
        )
    return "\n".join(rules)


def _js_noise(rng: random.Random, n_bytes: int) -> str:
    """An inline ad/experiment state blob (valid JSON) of about n_bytes characters."""
    ads: list[str] = []
    exps: list[str] = []
    tracking: list[str] = []
    size = 40
    i = 0
    while size < n_bytes:
        ad = json.dumps({"id": f"slot-{i}", "sizes": [[300, 250], [728, 90]], "targeting": {
            "section": rng.choice(SECTIONS), "kw": rng.sample(TOPICS, 3), "pos": i}}, separators=(",", ":"))
        exp = f'"exp_{i}":"{rng.choice(["control", "variant_a", "variant_b"])}"'
        track = '"' + hashlib.md5(f"{i}{rng.random()}".encode()).hexdigest() + '"'
        ads.append(ad)
        exps.append(exp)
        tracking.append(track)
        size += len(ad) + len(exp) + len(track) + 3
        i += 1
    blob = '{"ads":[' + ",".join(ads) + '],"experiments":{' + ",".join(exps) + '},"tracking":[' + ",".join(tracking) + "]}"
    return ("window.__APP_STATE__ = " + blob
            + ";\n(function(){var q=window.q||[];for(var i=0;i<q.length;i++){q[i]()}})();")


@dataclass(frozen=True)
class PageMeta:
    """One generated page: where it lives and what its feed item says."""

    feed: int
    path: str  # URL path, e.g. /f07/2025/11/03/story-000123.html
    title: str
    published: datetime
    is_swap: bool


def generate_page(
    rng: random.Random, idx: int, feed: int, published: datetime, style: str = "dense"
) -> tuple[PageMeta, str]:
    """One ~60 KB page (55-65 KB) with article, chrome and inline CSS/JS noise (see PAGE_STYLES)."""
    outlet = OUTLETS[feed % len(OUTLETS)]
    is_swap = rng.random() < 0.25
    if is_swap:
        ua = rng.randint(20, 400)
        ru = ua if rng.random() < 0.5 else max(1, ua + rng.randint(-20, 20))
        swap = {"ua": ua, "ru": ru, "total": ua + ru, "civ": rng.randint(1, 20),
                "prev": rng.randint(40, 150)}
        title = _fill(rng, rng.choice([
            "Russia and Ukraine swap {total} prisoners in deal brokered by {mediator}",
            "{ua} Ukrainian soldiers return home in latest prisoner exchange",
            "Kyiv and Moscow exchange prisoners of war: {ua} for {ru}",
        ]), swap)
        paragraphs = [_fill(rng, rng.choice(SWAP_OPENERS), swap)]
        n_par = rng.randint(8, 15)
        for k in range(1, n_par):
            pool = SWAP_SENTENCES if k < 5 or rng.random() < 0.4 else NEWS_SENTENCES
            paragraphs.append(_paragraph(rng, pool, swap))
    else:
        title = _fill(rng, rng.choice([
            "{Adj} attacks on {city} leave {n} injured, officials say",
            "Air defences repel overnight {thing} attack on {city}",
            "Talks on {topic} stall as fighting near {city} intensifies",
            "{city} residents count the cost after strike on {target}",
        ]), {"Adj": rng.choice(ADJ).capitalize()})
        paragraphs = [_paragraph(rng, NEWS_SENTENCES) for _ in range(rng.randint(8, 15))]
    byline = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    day = published.strftime("%Y/%m/%d")
    path = f"/f{feed:02d}/{day}/story-{idx:06d}.html"
    head = (
        f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        f"<title>{title} | {outlet}</title>\n"
        f'<meta name="description" content="{paragraphs[0][:150]}">\n'
        f'<meta property="og:title" content="{title}">\n'
        f'<meta property="article:published_time" content="{published.isoformat()}">\n'
    )
    if style == "dense":
        skeleton = _dense_body(rng, idx, feed, outlet, title, byline, published, paragraphs)
    else:
        skeleton = _light_body(rng, feed, outlet, title, byline, published, paragraphs)
    target = rng.randint(55_000, 65_000)
    css = _css_noise(rng, 60)
    used = len(head) + len(skeleton) + len(css) + 200
    js = _js_noise(rng, max(2_000, target - used))
    html = (
        f"{head}<style>\n{css}\n</style>\n<script>{js}</script>\n</head>\n"
        f"{skeleton}<script>window.dataLayer=window.dataLayer||[];"
        f"dataLayer.push({{'page':'{path}'}});</script>\n</body></html>\n"
    )
    return PageMeta(feed, path, title, published, is_swap), html


def _light_body(
    rng: random.Random, feed: int, outlet: str, title: str, byline: str, published: datetime, paragraphs: list[str]
) -> str:
    """The page body of sessions 1-5: ~130 elements, most of the page's weight in one inline script."""
    nav = "".join(f'<li><a href="/{s.lower().replace(" ", "-")}/">{s}</a></li>' for s in SECTIONS)
    related = "".join(
        f'<li><a href="/f{feed:02d}/related-{rng.randint(0, 99999)}.html">'
        f'{_fill(rng, "{Adj} fighting reported near {city}", {"Adj": rng.choice(ADJ).capitalize()})}</a></li>'
        for _ in range(12)
    )
    sidebar = "".join(
        f'<li class="most-read"><a href="/f{feed:02d}/popular-{rng.randint(0, 99999)}.html">'
        f"{_fill(rng, rng.choice(NEWS_SENTENCES))}</a></li>"
        for _ in range(10)
    )
    footer = "".join(f'<a href="/about/{w}">{w.title()}</a> ' for w in
                     ["contact", "privacy", "terms", "cookies", "advertise", "careers", "corrections"])
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<body><header class=\"site-header\"><div class=\"logo\">{outlet}</div><nav><ul>{nav}</ul></nav>"
        f"</header>\n<main><article>\n<h1>{title}</h1>\n"
        f'<div class="byline">By <span class="author">{byline}</span>, '
        f'<time datetime="{published.isoformat()}">{published.strftime("%d %B %Y, %H:%M")}</time></div>\n'
        f"{body}\n"
        f'<div class="share">Share this article: <a href="#">Facebook</a> <a href="#">X</a> '
        f'<a href="#">Email</a></div>\n'
        f'</article>\n<aside class="related"><h2>Related</h2><ul>{related}</ul></aside>\n</main>\n'
        f'<aside class="sidebar"><h2>Most read</h2><ol>{sidebar}</ol>'
        f'<div class="newsletter">Sign up for our daily briefing. Enter your email address.</div></aside>\n'
        f'<footer><p>&copy; 2025 {outlet}. All rights reserved.</p><p>{footer}</p></footer>\n'
    )


# Page styles. Both are ~60 KB; they differ in how much markup trafilatura has to walk:
# - light: ~130 elements (nav, 12 related links, 10 "most read", footer) and ~43 KB of inline
#   script, the page of sessions 1-5;
# - dense: ~730 elements, as on real news article pages (the HTTP Archive's median page has several
#   hundred elements, news pages more): a cookie banner, a two-level menu, a ticker, breadcrumbs,
#   share bars with inline SVG icons, a lead picture, ad slots and a "read more" box between the
#   paragraphs, tags, an author box, related and video cards with pictures, a sidebar with a form
#   and a five-column footer; ~18 KB of inline script. The article text is the same in both.
PAGE_STYLES = ("light", "dense")
_ICON = ('<svg class="icon icon-{n}" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
         '<path d="M{a} {b}l{c} {d}c1.1 0 2 .9 2 2v{e}h-{f}z"></path></svg>')
_FOOTER_LINKS = ["about", "contact", "privacy", "terms", "cookies", "advertise", "careers", "corrections",
                 "newsletters", "apps", "podcasts", "archive"]


def _icon(rng: random.Random, name: str) -> str:
    return _ICON.format(n=name, a=rng.randint(1, 9), b=rng.randint(1, 9), c=rng.randint(1, 9),
                        d=rng.randint(1, 9), e=rng.randint(1, 9), f=rng.randint(1, 9))


def _headline(rng: random.Random) -> str:
    return _fill(rng, "{Adj} fighting reported near {city}", {"Adj": rng.choice(ADJ).capitalize()})


def _card(rng: random.Random, feed: int, kind: str) -> str:
    return (
        f'<div class="card card--{kind}"><a class="card__link" href="/f{feed:02d}/{kind}-{rng.randint(0, 99999)}.html">'
        f'<div class="card__media"><picture><source type="image/webp" srcset="/img/{rng.randint(0, 9999)}.webp 1x">'
        f'<img class="card__img" src="/img/{rng.randint(0, 9999)}.jpg" alt="" loading="lazy" width="320" height="180">'
        f'</picture></div><div class="card__body"><span class="card__kicker">{rng.choice(SECTIONS)}</span>'
        f'<h3 class="card__title">{_headline(rng)}</h3><time class="card__time">{rng.randint(1, 23)}h ago</time>'
        f"</div></a></div>"
    )


def _dense_body(
    rng: random.Random, idx: int, feed: int, outlet: str, title: str, byline: str, published: datetime,
    paragraphs: list[str],
) -> str:
    """The page body with the markup density of a real news article page (~730 elements)."""
    def slug(text: str) -> str:
        return text.lower().replace(" ", "-")

    nav = "".join(
        f'<li class="nav__item"><a class="nav__link" href="/{slug(s)}/">{s}</a><ul class="nav__sub">'
        + "".join(f'<li><a href="/{slug(s)}/{slug(t)}/">{t.capitalize()}</a></li>' for t in rng.sample(TOPICS, 6))
        + "</ul></li>"
        for s in SECTIONS
    )
    ticker = "".join(f'<li class="ticker__item"><a href="/live/{rng.randint(0, 9999)}">'
                     f"{_fill(rng, rng.choice(NEWS_SENTENCES))}</a></li>" for _ in range(5))
    share = "".join(f'<li><button class="share__btn share__btn--{n}" type="button" aria-label="Share on {n}">'
                    f"{_icon(rng, n)}</button></li>" for n in ("facebook", "x", "whatsapp", "telegram", "email", "copy"))
    body = []
    for k, para in enumerate(paragraphs):
        body.append(f'<p class="article__para">{para}</p>')
        if k % 3 == 2:
            body.append(f'<div class="ad ad--inline" data-slot="inline-{k}"><div class="ad__label">Advertisement</div>'
                        f'<div class="ad__container"><div id="ad-{k}" class="ad__frame"></div></div></div>')
        if k == 4:
            body.append(f'<aside class="read-more"><span class="read-more__label">Read more</span>'
                        f'<a href="/f{feed:02d}/more-{rng.randint(0, 99999)}.html">{_headline(rng)}</a></aside>')
    tags = "".join(f'<li class="tags__item"><a href="/tag/{slug(t)}">{t}</a></li>' for t in rng.sample(TOPICS + CITIES, 8))
    popular = "".join(f'<li class="popular__item"><a class="popular__link" href="/f{feed:02d}/popular-{rng.randint(0, 99999)}.html">'
                      f'<span class="popular__label">{_fill(rng, rng.choice(NEWS_SENTENCES))}</span></a></li>'
                      for _ in range(10))
    columns = "".join(f'<div class="footer__col"><h4>{s}</h4><ul>'
                      + "".join(f'<li><a href="/{slug(s)}/{w}">{w.title()}</a></li>' for w in rng.sample(_FOOTER_LINKS, 8))
                      + "</ul></div>" for s in rng.sample(SECTIONS, 5))
    social = "".join(f'<a class="social__link" href="https://social.invalid/{n}">{_icon(rng, n)}</a>'
                     for n in ("fb", "x", "yt", "ig", "tg", "rss"))
    return (
        '<body><div class="consent" role="dialog"><p class="consent__text">We use cookies to improve your experience.</p>'
        '<button class="consent__accept">Accept</button><button class="consent__settings">Settings</button></div>'
        '<a class="skip" href="#main">Skip to content</a>'
        f'<header class="site-header"><div class="site-header__top"><div class="logo"><a href="/">{_icon(rng, "logo")}'
        f'<span>{outlet}</span></a></div><form class="search" action="/search"><input type="search" name="q" '
        f'placeholder="Search"><button type="submit">{_icon(rng, "search")}</button></form></div>'
        f'<nav class="nav"><ul class="nav__list">{nav}</ul></nav><div class="ticker"><span>Breaking</span>'
        f"<ul>{ticker}</ul></div></header>\n"
        '<main id="main"><nav class="breadcrumbs"><ol><li><a href="/">Home</a></li><li><a href="/world/">World</a>'
        '</li><li><a href="/europe/">Europe</a></li></ol></nav>'
        f'<article class="article"><header class="article__header"><span class="article__kicker">{rng.choice(SECTIONS)}'
        f'</span><h1 class="article__title">{title}</h1>'
        f'<div class="byline">By <a class="byline__author" href="/authors/{slug(byline)}">{byline}</a>, '
        f'<time datetime="{published.isoformat()}">{published.strftime("%d %B %Y, %H:%M")}</time></div>'
        f'<ul class="share">{share}</ul></header>'
        f'<figure class="article__figure"><picture><source type="image/webp" srcset="/img/{idx}.webp">'
        f'<img src="/img/{idx}.jpg" alt="" width="1200" height="675"></picture>'
        f'<figcaption>{_fill(rng, "Residents of {city} outside a damaged building.")} '
        '<span class="credit">Photo: agency</span></figcaption></figure>'
        f'<div class="article__body">{"".join(body)}</div>'
        f'<footer class="article__footer"><ul class="tags">{tags}</ul><ul class="share share--bottom">{share}</ul>'
        f'<div class="author-bio"><img src="/img/author.jpg" alt=""><p>{byline} covers the war for {outlet}.</p>'
        "</div></footer></article>\n"
        f'<section class="related"><h2>Related</h2><div class="related__grid">'
        f'{"".join(_card(rng, feed, "related") for _ in range(12))}</div></section>'
        f'<section class="video"><h2>Video</h2><div class="video__list">'
        f'{"".join(_card(rng, feed, "video") for _ in range(6))}</div></section></main>\n'
        f'<aside class="sidebar"><h2>Most read</h2><ol>{popular}</ol>'
        '<div class="ad ad--sidebar"><div class="ad__label">Advertisement</div><div class="ad__frame"></div></div>'
        '<form class="newsletter"><label>Sign up for our daily briefing.<input type="email" name="email"></label>'
        "<button>Sign up</button></form></aside>\n"
        f'<footer class="site-footer"><div class="footer__cols">{columns}</div><div class="social">{social}</div>'
        f"<p>&copy; 2025 {outlet}. All rights reserved.</p></footer>\n"
    )


def generate_site(root: Path, n_pages: int, seed: int = SEED, style: str = "dense") -> list[PageMeta]:
    """Write n_pages pages under root; return their metadata (feeds are rendered later)."""
    rng = random.Random(seed)
    start = datetime(2025, 11, 19, 12, 0, tzinfo=UTC)
    metas: list[PageMeta] = []
    for idx in range(n_pages):
        feed = idx % N_FEEDS
        published = start - timedelta(minutes=7 * idx + rng.randint(0, 6))
        meta, html = generate_page(rng, idx, feed, published, style)
        out = root / meta.path.lstrip("/")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")
        metas.append(meta)
    return metas


def render_rss(base: str, feed: int, items: list[PageMeta]) -> bytes:
    """An RSS 2.0 feed with one item (title, link, guid, pubDate) per page."""
    from xml.sax.saxutils import escape

    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>',
        f"<title>{escape(OUTLETS[feed % len(OUTLETS)])}</title><link>{base}/f{feed:02d}/</link>",
        "<description>Latest news</description><language>en</language>",
    ]
    for m in sorted(items, key=lambda m: m.published, reverse=True):
        parts.append(
            f"<item><title>{escape(m.title)}</title><link>{base}{m.path}</link>"
            f'<guid isPermaLink="true">{base}{m.path}</guid>'
            f"<pubDate>{email.utils.format_datetime(m.published, usegmt=True)}</pubDate></item>"
        )
    parts.append("</channel></rss>\n")
    return "".join(parts).encode("utf-8")


# --------------------------------------------------------------------------------------------
# Local site server with validators and 304s
# --------------------------------------------------------------------------------------------


class Site:
    """Files under a root (pages) plus in-memory documents (feeds), each with an ETag."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.docs: dict[str, tuple[bytes, str]] = {}
        self.etags: dict[str, str] = {}
        self.counts: Counter[tuple[str, int]] = Counter()
        self.last_modified = email.utils.format_datetime(LAST_MODIFIED, usegmt=True)

    def put(self, path: str, body: bytes, ctype: str) -> None:
        self.docs[path] = (body, ctype)

    def get(self, path: str) -> tuple[bytes, str, str] | None:
        if path in self.docs:
            body, ctype = self.docs[path]
        else:
            candidate = (self.root / path.lstrip("/")).resolve()
            if not candidate.is_relative_to(self.root) or not candidate.is_file():
                return None
            body, ctype = candidate.read_bytes(), "text/html; charset=utf-8"
        etag = self.etags.get(path)
        if etag is None:
            etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
            self.etags[path] = etag
        return body, ctype, etag

    def respond(self, target: str, headers: dict[str, str]) -> list[bytes]:
        """The response to one GET: 200 with validators, 304 when they match, or 404."""
        path = urlsplit(target).path
        kind = "feed" if path.endswith(".xml") else "page"
        found = self.get(path)
        if found is None:
            self.counts[(kind, 404)] += 1
            return [b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\n"
                    b"not found\n"]
        body, ctype, etag = found
        inm, ims = headers.get("if-none-match"), headers.get("if-modified-since")
        not_modified = False
        if inm is not None:
            not_modified = etag in {t.strip().removeprefix("W/") for t in inm.split(",")} or inm.strip() == "*"
        elif ims:
            try:
                not_modified = LAST_MODIFIED <= email.utils.parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                not_modified = False
        validators = f"ETag: {etag}\r\nLast-Modified: {self.last_modified}\r\n"
        if not_modified:
            self.counts[(kind, 304)] += 1
            return [f"HTTP/1.1 304 Not Modified\r\n{validators}Content-Length: 0\r\n\r\n".encode()]
        self.counts[(kind, 200)] += 1
        head = f"HTTP/1.1 200 OK\r\n{validators}Content-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n"
        return [head.encode(), body]


class SiteProtocol(asyncio.Protocol):
    """HTTP/1.1 GET with keep-alive, and nothing else: all the benchmark's feeds and pages need.

    The site stands in for the web, whose servers' CPU is not the pipeline's. A lean asyncio server
    costs a fraction of http.server's per request (which parses every header with the email
    package), so less of the machine's two cores goes to the stand-in.
    """

    def __init__(self, site: Site) -> None:
        self.site = site
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport  # asyncio sets TCP_NODELAY on TCP sockets itself

    def data_received(self, data: bytes) -> None:
        assert self.transport is not None
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            lines = self.buffer[:end].decode("latin-1").split("\r\n")
            self.buffer = self.buffer[end + 4:]
            method, target, _version = (lines[0].split(" ") + ["", ""])[:3]
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            if method != "GET":
                self.transport.write(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            else:
                self.transport.writelines(self.site.respond(target, headers))
            if headers.get("connection", "").lower() == "close":
                self.transport.close()
                return
        if len(self.buffer) > 65_536:
            self.transport.close()


class SiteServer:
    """The site on 127.0.0.1, served by an asyncio loop in a daemon thread of this process."""

    def __init__(self, root: Path) -> None:
        self.site = Site(root.resolve())
        self.loop = asyncio.new_event_loop()
        self.server = self.loop.run_until_complete(
            self.loop.create_server(lambda: SiteProtocol(self.site), HOST, 0))
        self.port = int(self.server.sockets[0].getsockname()[1])
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True, name="bench-site")
        self.thread.start()

    def cpu_seconds(self) -> float:
        """CPU time the serving thread has used so far (Linux /proc; NaN elsewhere)."""
        stat = proc_stat(Path(f"/proc/self/task/{self.thread.native_id}/stat"))
        return float("nan") if stat is None else stat[1]

    def shutdown(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)

    def server_close(self) -> None:
        self.server.close()
        self.loop.close()


def start_site(root: Path) -> tuple[SiteServer, str]:
    httpd = SiteServer(root)
    return httpd, f"http://{HOST}:{httpd.port}"


# --------------------------------------------------------------------------------------------
# Prefect server and timed runs
# --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(QUIET_ENV)
    return env


class PrefectServer:
    """`prefect server start` in a subprocess with its own PREFECT_HOME."""

    def __init__(self, home: Path, log: Path) -> None:
        self.port = free_port()
        self.home = home
        self.log = log
        self.api_url = f"http://{HOST}:{self.port}/api"
        env = base_env()
        env["PREFECT_HOME"] = str(home)
        self._log_fh = log.open("wb")
        self.proc = subprocess.Popen(
            [str(PREFECT), "server", "start", "--host", HOST, "--port", str(self.port)],
            env=env, stdout=self._log_fh, stderr=subprocess.STDOUT, cwd=str(home),
            start_new_session=True,
        )

    def wait_healthy(self, timeout: float = 120.0) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"prefect server exited ({self.proc.returncode}); see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as r:
                    if r.status == 200:
                        return time.perf_counter() - started
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"prefect server not healthy after {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log_fh.close()


@dataclass
class RunResult:
    label: str
    seconds: float
    rc: int
    max_rss_mb: float
    user_s: float
    sys_s: float
    stdout: str
    stderr: str
    extra: dict[str, Any] = field(default_factory=dict)
    site_cpu: float = float("nan")  # CPU seconds of the site server during the run
    server_cpu: float = float("nan")  # CPU seconds of the Prefect server (and its children) during the run


def timed_run(label: str, cmd: list[str], env: dict[str, str], workdir: Path) -> RunResult:
    """Run one command, timed from spawn to exit; rusage via wait4 (includes reaped workers)."""
    out_path = workdir / f"{label}.stdout"
    err_path = workdir / f"{label}.stderr"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err, cwd=str(REPO))
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    return RunResult(
        label, seconds, proc.returncode, usage.ru_maxrss / 1024, usage.ru_utime, usage.ru_stime,
        out_path.read_text(errors="replace"), err_path.read_text(errors="replace"),
    )


def write_config(path: Path, base: str, feeds: list[tuple[str, str]], *, batch_size: int,
                 processes: int, max_new: int) -> Path:
    host_port = urlsplit(base).netloc
    lines = [
        "# written by benchmarks/pipeline_speed.py",
        "fetch:",
        "  allow_private: false",
        f"  allow_hosts: {json.dumps([host_port])}",
        "  per_host_delay: 0",
        "  max_per_host: 16",
        f"  max_new_per_feed: {max_new}",
        "analysis:",
        f"  batch_size: {batch_size}",
        f"  processes: {processes}",
        "alerts:",
        "  webhook: null",
        "  prefect_events: false",
        "feeds:",
    ]
    for name, url in feeds:
        lines += [f"  - name: {name}", f"    url: {json.dumps(url)}", "    lang: en"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def db_stats(db: Path) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        outcomes = dict(con.execute("SELECT outcome, count(*) FROM articles GROUP BY 1").fetchall())
        swaps = con.execute("SELECT count(*) FROM classifications WHERE is_swap").fetchone()[0]
        events = con.execute("SELECT count(*) FROM events WHERE NOT background_only").fetchone()[0]
    finally:
        con.close()
    return {"outcomes": outcomes, "is_swap": swaps, "events": events}


def bare_trafilatura(root: Path, metas: list[PageMeta]) -> tuple[float, int]:
    """Single-process trafilatura.extract(html) with defaults over pages held in memory."""
    import trafilatura

    pages = [(root / m.path.lstrip("/")).read_bytes() for m in metas]
    trafilatura.extract(pages[0])  # import/first-call warm-up outside the timing
    started = time.perf_counter()
    ok = 0
    for html in pages:
        if trafilatura.extract(html):
            ok += 1
    return time.perf_counter() - started, ok


# --------------------------------------------------------------------------------------------


# Threads running article batches at once, as `flows.ingest.TASK_THREADS` (not imported: it imports Prefect).
FLOOR_BATCH_THREADS = 8


def floor_run(config_path: Path) -> int:
    """(f): poll, fetch and analyse everything as `swapwatch run` does, without Prefect or the warehouse."""
    from concurrent.futures import ThreadPoolExecutor

    from swapwatch.config import load_config
    from swapwatch.pipeline import AnalysisPool, chunked, fetch_and_analyse, make_fetcher, new_entries, poll_feeds

    config = load_config(config_path)
    langs = {f.name: f.lang for f in config.feeds}
    with make_fetcher(config.fetch) as fetcher, AnalysisPool(config.analysis.processes) as pool:
        pool.start()
        polls = poll_feeds(fetcher, config.enabled_feeds(), {}, config.fetch, parse=pool.parse_feed)
        entries = new_entries(polls, set(), set(), set(), config.fetch.max_new_per_feed)

        def batch(entries_: list[Any]) -> list[Any]:
            return fetch_and_analyse(fetcher, pool, entries_, langs, config.fetch, config.analysis.swap_threshold)

        with ThreadPoolExecutor(FLOOR_BATCH_THREADS) as threads:
            records = [r for rs in threads.map(batch, chunked(entries, config.analysis.batch_size)) for r in rs]
    me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"records": len(records), "outcomes": Counter(str(r.outcome) for r in records),
                      "run_process_cpu_s": round(me.ru_utime + me.ru_stime, 2),
                      "worker_processes_cpu_s": round(workers.ru_utime + workers.ru_stime, 2)}))
    return 0


def proc_stat(path: Path) -> tuple[int, float] | None:
    """(parent pid, CPU seconds used so far) from a /proc `stat` file; None when it cannot be read."""
    try:
        # The command name in parentheses may hold spaces: fields are counted after its ")".
        fields = path.read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """CPU used so far by a process and its live descendants (Linux /proc; NaN elsewhere)."""
    stats: dict[int, tuple[int, float]] = {}
    if Path("/proc").is_dir():
        for entry in Path("/proc").iterdir():
            stat = proc_stat(entry / "stat") if entry.name.isdigit() else None
            if stat is not None:
                stats[int(entry.name)] = stat
    if pid not in stats:
        return float("nan")
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        kids = [p for p, (ppid, _) in stats.items() if ppid == parent and p not in tree]
        tree.update(kids)
        frontier += kids
    return sum(stats[p][1] for p in tree)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--page-style", choices=PAGE_STYLES, default="dense",
                        help="markup density of the generated pages (see PAGE_STYLES)")
    parser.add_argument("--batch-size", type=int, default=250, help="analysis.batch_size of the main run")
    parser.add_argument("--processes", type=int, default=2, help="analysis.processes of the main run")
    parser.add_argument("--sweep-batch-sizes", default="", help="extra first runs, e.g. 25,100")
    parser.add_argument("--sweep-processes", default="", help="extra first runs, e.g. 1,3")
    parser.add_argument("--pairs", type=int, default=3, help="(bare, first run) pairs; the median ratio is (c)")
    parser.add_argument("--skip-bare", action="store_true", help="skip (b) bare trafilatura")
    parser.add_argument("--skip-oneshot", action="store_true", help="skip (e) no-server fixed cost")
    parser.add_argument("--skip-floor", action="store_true", help="skip (f) the run without Prefect or warehouse")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (logs, DBs, pages)")
    parser.add_argument("--floor-run", type=Path, help=argparse.SUPPRESS)  # internal: one (f) run
    args = parser.parse_args(argv)
    if args.floor_run is not None:
        return floor_run(args.floor_run)
    n = args.pages
    if n < N_FEEDS:
        parser.error(f"--pages must be at least {N_FEEDS}")
    t0 = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="swapwatch-bench-"))
    site_root = tmp / "site"
    site_root.mkdir()
    print(f"workdir {tmp}", flush=True)
    server: PrefectServer | None = None
    httpd: SiteServer | None = None
    results: list[RunResult] = []
    try:
        g0 = time.perf_counter()
        metas = generate_site(site_root, n, style=args.page_style)
        sizes = [(site_root / m.path.lstrip("/")).stat().st_size for m in metas]
        print(f"generated {n} pages in {time.perf_counter() - g0:.1f} s: mean {sum(sizes) / n / 1024:.1f} KiB, "
              f"{sum(m.is_swap for m in metas)} swap reports", flush=True)
        httpd, base = start_site(site_root)
        feeds = []
        for f in range(N_FEEDS):
            items = [m for m in metas if m.feed == f]
            httpd.site.put(f"/f{f:02d}/rss.xml", render_rss(base, f, items), "application/rss+xml; charset=utf-8")
            feeds.append((f"bench-{f:02d}", f"{base}/f{f:02d}/rss.xml"))
        tiny = [m for m in metas if m.feed == 0][:3]
        httpd.site.put("/tiny/rss.xml", render_rss(base, 0, tiny), "application/rss+xml; charset=utf-8")
        max_new = max(200, math.ceil(n / N_FEEDS))

        def config(name: str, batch: int, procs: int, feed_list: list[tuple[str, str]] = feeds) -> Path:
            return write_config(tmp / f"{name}.yaml", base, feed_list, batch_size=batch, processes=procs,
                                max_new=max_new)

        home = tmp / "prefect-home-server"
        home.mkdir()
        server = PrefectServer(home, tmp / "prefect-server.log")
        boot = server.wait_healthy()
        print(f"prefect server healthy at {server.api_url} after {boot:.1f} s", flush=True)
        env = base_env()
        env["PREFECT_HOME"] = str(home)
        env["PREFECT_API_URL"] = server.api_url

        def swapwatch_run(label: str, cfg: Path, db: Path, run_env: dict[str, str],
                          cmd: list[str] | None = None) -> RunResult:
            httpd.site.counts.clear()
            site_cpu = httpd.cpu_seconds()
            server_cpu = tree_cpu_seconds(server.proc.pid) if server is not None else float("nan")
            cmd = cmd or [str(SWAPWATCH), "run", "--feeds", str(cfg), "--db", str(db)]
            res = timed_run(label, cmd, run_env, tmp)
            res.extra["requests"] = dict(httpd.site.counts)
            res.site_cpu = httpd.cpu_seconds() - site_cpu
            res.server_cpu = (tree_cpu_seconds(server.proc.pid) if server is not None else float("nan")) - server_cpu
            if res.rc != 0:
                print(f"!! {label} failed rc={res.rc}\n{res.stdout[-2000:]}\n{res.stderr[-4000:]}", flush=True)
            elif db.exists():
                res.extra["db"] = db_stats(db)
            results.append(res)
            print(f"{label}: {res.seconds:.1f} s rc={res.rc} peak RSS {res.max_rss_mb:.0f} MB "
                  f"requests {res.extra['requests']} {res.extra.get('db', '')}", flush=True)
            return res

        # warm the server (first flow run registers the flow, creates the work pool rows, etc.)
        swapwatch_run("tiny-server-warmup", config("tiny", args.batch_size, args.processes,
                                                   [("tiny", f"{base}/tiny/rss.xml")]), tmp / "warm.duckdb", env)
        tiny_server = swapwatch_run("tiny-server", tmp / "tiny.yaml", tmp / "tiny-server.duckdb", env)

        # (b) and (a) in pairs, bare first: this shared machine's speed drifts by up to 2x within
        # minutes, so each first run is compared with a bare measurement taken just before it, and
        # the median pair is reported. Before each bare measurement the Prefect server gets a few
        # seconds to digest the previous run's task-run events, which would steal CPU from it.
        pairs: list[tuple[float, RunResult]] = []
        floors: list[RunResult] = []
        main_db = tmp / "main.duckdb"
        for i in range(max(1, args.pairs)):
            if args.skip_bare:
                bare_s = float("nan")
            else:
                if i:
                    time.sleep(SETTLE_SECONDS)
                bare_s, bare_ok = bare_trafilatura(site_root, metas)
                print(f"bare trafilatura: {bare_s:.1f} s, {bare_ok} non-empty", flush=True)
            main_cfg = config("main", args.batch_size, args.processes)
            if not args.skip_floor:
                floors.append(swapwatch_run(f"floor-no-prefect-{i + 1}", main_cfg, tmp / "none.duckdb", env,
                                            [sys.executable, __file__, "--floor-run", str(main_cfg)]))
            main_db = tmp / f"main{i}.duckdb"
            run = swapwatch_run(f"first-b{args.batch_size}-p{args.processes}-{i + 1}", main_cfg, main_db, env)
            pairs.append((bare_s, run))
        middle = sorted(pairs, key=lambda p: p[1].seconds / p[0] if p[0] == p[0] else p[1].seconds)[len(pairs) // 2]
        bare_s, first = middle
        bare_s = None if args.skip_bare else bare_s
        rerun = swapwatch_run("rerun-unchanged", tmp / "main.yaml", main_db, env)

        sweeps: list[RunResult] = []
        for b in [int(x) for x in args.sweep_batch_sizes.split(",") if x.strip()]:
            sweeps.append(swapwatch_run(f"first-b{b}-p{args.processes}", config(f"b{b}", b, args.processes),
                                        tmp / f"b{b}.duckdb", env))
        for p in [int(x) for x in args.sweep_processes.split(",") if x.strip()]:
            sweeps.append(swapwatch_run(f"first-b{args.batch_size}-p{p}", config(f"p{p}", args.batch_size, p),
                                        tmp / f"p{p}.duckdb", env))
        children_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

        server.stop()
        server = None

        oneshots: list[RunResult] = []
        if not args.skip_oneshot:
            shot_env = base_env()  # no PREFECT_API_URL: Prefect starts its temporary server
            home2 = tmp / "prefect-home-ephemeral"
            home2.mkdir()
            shot_env["PREFECT_HOME"] = str(home2)
            oneshots.append(swapwatch_run("tiny-noserver-fresh-home", tmp / "tiny.yaml", tmp / "t1.duckdb", shot_env))
            oneshots.append(swapwatch_run("tiny-noserver-warm-home", tmp / "tiny.yaml", tmp / "t2.duckdb", shot_env))

        # ------------------------------------------------------------------ report
        print()
        print(f"== swapwatch pipeline_speed: {n} {args.page_style} pages (~{sum(sizes) / n / 1024:.0f} KiB each), "
              f"{N_FEEDS} feeds, {os.cpu_count()} CPUs, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC ==")
        rows = []
        ok_first = first.rc == 0
        pps = n / first.seconds if ok_first else float("nan")
        rows.append(("(a) first run, pages/s", f"{pps:.1f}",
                     f"{first.seconds:.1f} s wall, batch {args.batch_size}, {args.processes} processes (median pair)"))
        if bare_s is not None:
            rows.append(("(b) bare trafilatura.extract, pages/s", f"{n / bare_s:.1f}",
                         f"{bare_s:.1f} s, 1 process, defaults, just before that run"))
            ratio = first.seconds / bare_s
            rows.append(("(c) ratio pipeline / bare", f"{ratio:.2f}", f"median of {len(pairs)} pairs; target <= 1.0 " +
                         ("OK" if ratio <= 1.0 else "MISSED")))
            for i, (b, r) in enumerate(pairs, 1):
                floor_note = f", floor {floors[i - 1].seconds:.1f} s" if len(floors) >= i else ""
                rows.append((f"    pair {i}: first run / bare, s", f"{r.seconds / b:.2f}",
                             f"{r.seconds:.1f} s / {b:.1f} s{floor_note}"))
            if floors:
                middle_floor = floors[pairs.index(middle)]
                rows.append(("(f) floor: no Prefect, no warehouse / bare", f"{middle_floor.seconds / bare_s:.2f}",
                             f"{middle_floor.seconds:.1f} s, same fetcher and pool, median pair"))
        share = rerun.seconds / first.seconds
        rows.append(("(d) unchanged re-run, s", f"{rerun.seconds:.1f}",
                     f"{100 * share:.0f}% of first run (target < 25%) " + ("OK" if share < 0.25 else "MISSED")))
        for r in oneshots:
            rows.append((f"(e) {r.label}, s", f"{r.seconds:.1f}", "one-shot, no PREFECT_API_URL"))
        rows.append(("    tiny run against server, s", f"{tiny_server.seconds:.1f}", "same tiny feed set"))
        rows.append(("peak RSS first run (wait4), MB", f"{first.max_rss_mb:.0f}", "run process or largest worker"))
        rows.append(("peak RSS RUSAGE_CHILDREN, MB", f"{children_rss:.0f}", "max over all children so far"))
        for r in sweeps:
            rows.append((f"knob {r.label}, pages/s", f"{n / r.seconds:.1f}" if r.rc == 0 else "FAILED",
                         f"{r.seconds:.1f} s, peak RSS {r.max_rss_mb:.0f} MB"))
        width = max(len(r[0]) for r in rows)
        for label, value, note in rows:
            print(f"{label:<{width}}  {value:>8}  {note}")
        print()
        print("user/sys: the run process and its workers; site/server: CPU seconds of the site server and")
        print("of the Prefect server during the run (they share the two cores with it)")
        print(f"{'run':<28} {'wall s':>7} {'user s':>7} {'sys s':>6} {'site s':>6} {'server s':>8} {'RSS MB':>7} rc  "
              "requests / warehouse")
        for r in results:
            print(f"{r.label:<28} {r.seconds:7.1f} {r.user_s:7.1f} {r.sys_s:6.1f} {r.site_cpu:6.1f} {r.server_cpu:8.1f} "
                  f"{r.max_rss_mb:7.0f} {r.rc:>2}  "
                  f"{r.extra.get('requests')} {r.extra.get('db', '')}")
        print(f"(total benchmark time {time.perf_counter() - t0:.0f} s)")
        return 0 if all(r.rc == 0 for r in results) else 1
    finally:
        if server is not None:
            server.stop()
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
