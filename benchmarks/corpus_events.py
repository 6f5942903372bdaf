"""Event precision / recall of the whole pipeline on the annotated corpus (issue 5).

Reads ../shared/corpus/seeds.jsonl and dev.jsonl (the `shared` folder beside the repo root),
writes one HTML page per article into a temp dir (never into the repository), groups the pages
into one RSS 2.0 feed per outlet (the URL's hostname), serves them on 127.0.0.1, runs ONE
`swapwatch run` (the real CLI, a real Prefect flow run) into a temp DuckDB, and compares the
warehouse events with the gold events of the corpus.

Matching (see benchmarks/README.md):
* gold day date      -> same parties and warehouse event_date within +-1 day;
* gold month only    -> same parties and the same month (event_date's month or event_month);
* gold date null     -> same parties and the warehouse event contains that article
                        (article_events.article_id -> event_id; articles.url -> corpus id).
* Distinct real exchanges: gold events grouped by (parties, date) across articles (null dates stay
  per article). Precision and recall use a one-to-one matching between warehouse events and
  distinct gold exchanges, so a swap split into two warehouse events costs precision.

Usage:
    .venv/bin/python benchmarks/corpus_events.py            # temp Prefect home, ephemeral server
    PREFECT_API_URL=http://127.0.0.1:4200/api .venv/bin/python benchmarks/corpus_events.py
    .venv/bin/python benchmarks/corpus_events.py --keep     # keep pages, feeds, DB and logs
"""

from __future__ import annotations

import argparse
import email.utils
import hashlib
import html
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
FILES = ("seeds.jsonl", "dev.jsonl")
SWAPWATCH = Path(sys.executable).parent / "swapwatch"
HOST = "127.0.0.1"
NO_URL_OUTLET = "unknown-outlet"  # seed articles carry no URL
LAST_MODIFIED = datetime(2025, 11, 20, 18, 0, tzinfo=UTC)


# ------------------------------------------------------------------------------------- corpus


@dataclass
class Doc:
    id: str
    url: str | None
    title: str | None
    published: str | None
    lang: str | None
    text: str
    is_swap: bool
    events: list[dict[str, Any]]
    outlet: str = ""
    path: str = ""  # URL path on the local server
    served_url: str = ""


def load_corpus() -> list[Doc]:
    missing = [f for f in FILES if not (CORPUS / f).is_file()]
    if missing:
        sys.exit(f"corpus_events: corpus not found: {', '.join(str(CORPUS / f) for f in missing)}\n"
                 "  (expected the `shared` folder beside the repository root: ../shared/corpus/)")
    docs = []
    for name in FILES:
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            o = json.loads(line)
            docs.append(Doc(o["id"], o.get("url"), o.get("title"), o.get("published"), o.get("lang"),
                            o.get("text") or "", bool(o.get("is_swap")), list(o.get("events") or [])))
    seen: set[str] = set()
    for d in docs:
        host = urlsplit(d.url).hostname if d.url else None
        d.outlet = host or NO_URL_OUTLET
        orig = urlsplit(d.url).path if d.url else ""
        # Keep the outlet's own path (dates in it are real page evidence), made unique by the id.
        tail = unquote(orig).strip("/").replace("%", "") or "article"
        tail = "".join(c if c.isalnum() or c in "-_./" else "-" for c in tail)
        path = f"/{d.outlet}/{d.id}/{tail}"
        if not path.endswith((".html", ".htm")):
            path += ".html" if "." not in path.rsplit("/", 1)[-1] else ""
        assert path not in seen, path
        seen.add(path)
        d.path = path
    return docs


def render_page(d: Doc) -> bytes:
    esc = html.escape
    paras = [p.strip() for p in d.text.replace("\r", "").split("\n") if p.strip()]
    head_title = f"<title>{esc(d.title)}</title>" if d.title else ""
    h1 = f"<h1>{esc(d.title)}</h1>\n" if d.title else ""
    when = f'<time datetime="{d.published}"></time>\n' if d.published else ""
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paras)
    lang = f' lang="{d.lang}"' if d.lang else ""
    return (
        f'<!DOCTYPE html>\n<html{lang}><head><meta charset="utf-8">{head_title}</head>\n<body>\n'
        f'<header><nav><a href="/">Home</a> <a href="/world/">World</a></nav></header>\n'
        f"<main><article>\n{h1}{when}{body}\n</article></main>\n"
        f"<footer><p>Local copy served by benchmarks/corpus_events.py</p></footer>\n</body></html>\n"
    ).encode("utf-8")


def render_feed(base: str, outlet: str, docs: list[Doc], lang: str | None) -> bytes:
    esc = html.escape
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>',
             f"<title>{esc(outlet)}</title><link>{base}/{outlet}/</link><description>corpus</description>"]
    if lang:
        parts.append(f"<language>{lang}</language>")
    for d in docs:
        item = [f"<link>{esc(d.served_url)}</link>", f'<guid isPermaLink="true">{esc(d.served_url)}</guid>']
        if d.title:
            item.insert(0, f"<title>{esc(d.title)}</title>")
        if d.published:
            when = datetime.fromisoformat(d.published).replace(hour=12, tzinfo=UTC)
            item.append(f"<pubDate>{email.utils.format_datetime(when, usegmt=True)}</pubDate>")
        parts.append("<item>" + "".join(item) + "</item>")
    parts.append("</channel></rss>\n")
    return "".join(parts).encode("utf-8")


# ------------------------------------------------------------------------------------- server


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        docs: dict[str, tuple[bytes, str]] = self.server.docs  # type: ignore[attr-defined]
        path = unquote(urlsplit(self.path).path)
        found = docs.get(path)
        if found is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body, ctype = found
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", email.utils.format_datetime(LAST_MODIFIED, usegmt=True))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


# ------------------------------------------------------------------------------------- matching


@dataclass
class Gold:
    key: tuple[Any, ...]  # (parties, date) or (parties, None, article id)
    parties: tuple[str, ...]
    date: str | None
    kind: str  # "main" (of an is_swap article), "background", "other" (main of a non-swap article)
    articles: set[str] = field(default_factory=set)


@dataclass
class WEvent:
    event_id: str
    day: date | None
    month: str | None
    parties: tuple[str, ...]
    background_only: bool
    n_articles: int
    articles: set[str] = field(default_factory=set)  # corpus ids
    roles: set[str] = field(default_factory=set)


def gold_events(docs: list[Doc]) -> dict[str, dict[tuple[Any, ...], Gold]]:
    out: dict[str, dict[tuple[Any, ...], Gold]] = {"main": {}, "background": {}, "other": {}}
    for d in docs:
        for e in d.events:
            role = e.get("role") or "main"
            kind = "background" if role == "background" else ("main" if d.is_swap else "other")
            parties = tuple(sorted(e.get("parties") or []))
            dt = e.get("date")
            key = (parties, dt) if dt else (parties, None, d.id)
            g = out[kind].setdefault(key, Gold(key, parties, dt, kind))
            g.articles.add(d.id)
    return out


def matches(g: Gold, w: WEvent) -> bool:
    if g.parties != w.parties:
        return False
    if g.date is None:
        return bool(g.articles & w.articles)
    if len(g.date) == 7:
        w_month = w.month or (w.day.isoformat()[:7] if w.day else None)
        return w_month == g.date
    if w.day is None:
        return False
    return abs((date.fromisoformat(g.date) - w.day).days) <= 1


def one_to_one(golds: list[Gold], events: list[WEvent]) -> dict[int, int]:
    """Maximum bipartite matching gold index -> event index (augmenting paths; sizes are tiny)."""
    adj = [[j for j, w in enumerate(events) if matches(g, w)] for g in golds]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(golds)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def fmt_gold(g: Gold) -> str:
    return f"{'-'.join(g.parties) or '?'} {g.date or 'date?'} [{g.kind}] articles {sorted(g.articles)}"


def fmt_event(w: WEvent) -> str:
    when = w.day.isoformat() if w.day else (w.month or "date?")
    flag = " background_only" if w.background_only else ""
    return (f"{w.event_id[:12]} {'-'.join(w.parties) or '?'} {when}{flag} n_articles={w.n_articles} "
            f"articles {sorted(w.articles)} roles {sorted(w.roles)}")


def score(title: str, golds: list[Gold], events: list[WEvent], *, show: bool, all_gold: list[Gold]) -> tuple[float, float]:
    pairs = one_to_one(golds, events)
    matched_events = set(pairs.values())
    tp = len(pairs)
    precision = tp / len(events) if events else float("nan")
    recall = tp / len(golds) if golds else float("nan")
    lenient_p = (sum(any(matches(g, w) for g in golds) for w in events) / len(events)) if events else float("nan")
    print(f"\n== {title}")
    print(f"   gold distinct exchanges {len(golds)}, warehouse events {len(events)}, one-to-one matches {tp}")
    print(f"   precision {precision:.3f}   recall {recall:.3f}   "
          f"(lenient precision, duplicates allowed: {lenient_p:.3f})")
    if show:
        undated = [(g, events[pairs[i]]) for i, g in enumerate(golds) if g.date is None and i in pairs]
        for g, w in undated:
            when = w.day.isoformat() if w.day else (w.month or "undated")
            print(f"   undated gold {fmt_gold(g)} matched by article -> warehouse date {when}")
        missed = [g for i, g in enumerate(golds) if i not in pairs]
        print(f"   missed gold events ({len(missed)}):")
        for g in missed:
            near = [w for w in events if w.parties == g.parties and (g.articles & w.articles)]
            hint = "; warehouse events of those articles: " + " | ".join(
                f"{(w.day.isoformat() if w.day else w.month or 'date?')} {'-'.join(w.parties)}" for w in near
            ) if near else ""
            print(f"     - {fmt_gold(g)}{hint}")
        spurious = [w for j, w in enumerate(events) if j not in matched_events]
        print(f"   spurious warehouse events ({len(spurious)}):")
        for w in spurious:
            other = [g for g in all_gold if matches(g, w)]
            why = ("duplicate of / also matches: " + "; ".join(fmt_gold(g) for g in other)) if other else "no gold match"
            print(f"     - {fmt_event(w)}  <- {why}")
    return precision, recall


# ------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    args = parser.parse_args(argv)
    docs = load_corpus()
    tmp = Path(tempfile.mkdtemp(prefix="swapwatch-corpus-"))
    httpd = Server((HOST, 0), Handler)
    base = f"http://{HOST}:{httpd.server_address[1]}"
    served: dict[str, tuple[bytes, str]] = {}
    httpd.docs = served  # type: ignore[attr-defined]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        by_outlet: dict[str, list[Doc]] = defaultdict(list)
        for d in docs:
            d.served_url = base + d.path
            page = render_page(d)
            served[d.path] = (page, "text/html; charset=utf-8")
            out = tmp / "site" / d.path.lstrip("/")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(page)
            by_outlet[d.outlet].append(d)
        lines = ["fetch:", "  allow_private: false", f"  allow_hosts: {json.dumps([urlsplit(base).netloc])}",
                 "  per_host_delay: 0", "  max_per_host: 16", "  max_new_per_feed: 1000",
                 "alerts:", "  webhook: null", "  prefect_events: false", "feeds:"]
        for i, (outlet, items) in enumerate(sorted(by_outlet.items())):
            langs = Counter(d.lang for d in items if d.lang)
            lang = langs.most_common(1)[0][0] if langs else None
            fpath = f"/{outlet}/feed.xml"
            served[fpath] = (render_feed(base, outlet, items, lang), "application/rss+xml; charset=utf-8")
            name = "".join(c if c.isalnum() or c in "-_." else "-" for c in outlet)[:150] or f"outlet{i}"
            lines += [f"  - name: {name}", f"    url: {json.dumps(base + fpath)}", f"    lang: {lang or 'null'}"]
        cfg = tmp / "feeds.yaml"
        cfg.write_text("\n".join(lines) + "\n", encoding="utf-8")
        db = tmp / "corpus.duckdb"
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("PREFECT_") or k == "PREFECT_API_URL"}
        env.update({"PREFECT_HOME": str(tmp / "prefect-home"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                    "DO_NOT_TRACK": "1", "PREFECT_LOGGING_LEVEL": "WARNING",
                    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90"})
        print(f"{len(docs)} articles from {', '.join(FILES)}; {len(by_outlet)} outlet feeds at {base}; "
              f"Prefect API: {env.get('PREFECT_API_URL') or 'ephemeral (none configured)'}", flush=True)
        started = time.perf_counter()
        proc = subprocess.run([str(SWAPWATCH), "run", "--feeds", str(cfg), "--db", str(db)], env=env,
                              cwd=str(REPO), capture_output=True, text=True)
        print(f"swapwatch run: rc={proc.returncode} in {time.perf_counter() - started:.1f} s")
        print("   " + proc.stdout.strip().replace("\n", "\n   "))
        if proc.returncode != 0:
            print(proc.stderr[-5000:])
            return 2
        return evaluate(docs, db)
    finally:
        httpd.shutdown()
        httpd.server_close()
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def evaluate(docs: list[Doc], db: Path) -> int:
    import duckdb

    from swapwatch.urls import normalize_url, url_key

    by_key = {url_key(normalize_url(d.served_url)): d.id for d in docs}
    by_url = {d.served_url: d.id for d in docs}
    con = duckdb.connect(str(db), read_only=True)
    try:
        arts = con.execute("SELECT article_id, url, outcome, error, duplicate_of FROM articles").fetchall()
        ae = con.execute("SELECT article_id, role, event_date, event_id FROM article_events").fetchall()
        ev = con.execute("SELECT event_id, event_date, event_month, parties, background_only, n_articles "
                         "FROM swap_events").fetchall()
        cls = dict(con.execute("SELECT article_id, is_swap FROM classifications").fetchall())
    finally:
        con.close()
    aid_to_doc: dict[str, str] = {}
    for article_id, url, _outcome, _err, _dup in arts:
        cid = by_key.get(article_id) or by_url.get(url)
        if cid:
            aid_to_doc[article_id] = cid
    bad = [(aid_to_doc.get(a, a), o, e) for a, _u, o, e, _d in arts if o != "OK"]
    print(f"\nwarehouse: {len(arts)} articles ({len(arts) - len(bad)} OK), {len(ev)} events "
          f"({sum(not e[4] for e in ev)} not background_only)")
    for cid, outcome, err in bad:
        print(f"   article not OK: {cid} {outcome} {err or ''}")
    dup = [(aid_to_doc.get(a, a), aid_to_doc.get(d, d)) for a, _u, _o, _e, d in arts if d]
    if dup:
        print(f"   duplicates (content hash): {dup}")
    # article-level classification vs gold is_swap (context for the event figures)
    doc_swap = {d.id: d.is_swap for d in docs}
    tp = sum(1 for a, v in cls.items() if v and doc_swap.get(aid_to_doc.get(a, ""), False))
    fp = [aid_to_doc.get(a, a) for a, v in cls.items() if v and not doc_swap.get(aid_to_doc.get(a, ""), False)]
    fn = [aid_to_doc.get(a, a) for a, v in cls.items() if not v and doc_swap.get(aid_to_doc.get(a, ""), False)]
    print(f"   article is_swap: {tp} TP, false positives {sorted(fp)}, false negatives {sorted(fn)}")

    events: dict[str, WEvent] = {}
    for event_id, day, month, parties, bg, n in ev:
        events[event_id] = WEvent(event_id, day, month, tuple(sorted(parties or [])), bool(bg), int(n))
    for article_id, role, _d, event_id in ae:
        if event_id in events:
            events[event_id].articles.add(aid_to_doc.get(article_id, article_id))
            events[event_id].roles.add(role)
    w_main = [w for w in events.values() if not w.background_only]
    w_all = list(events.values())

    gold = gold_events(docs)
    g_main = list(gold["main"].values())
    g_bg = list(gold["background"].values())
    g_other = list(gold["other"].values())
    # The same exchange can be main in one article and background in another: one real event.
    g_union: dict[tuple[Any, ...], Gold] = {}
    for g in g_main + g_other + g_bg:
        u = g_union.setdefault(g.key, Gold(g.key, g.parties, g.date, g.kind))
        u.articles |= g.articles
    g_all = list(g_union.values())
    n_main_mentions = sum(len(g.articles) for g in g_main)
    print(f"gold: {n_main_mentions} main swap mentions -> {len(g_main)} distinct exchanges "
          f"({sum(len(g.articles) > 1 for g in g_main)} reported by >1 article); "
          f"{len(g_bg)} distinct background exchanges; {len(g_other)} main events of non-swap articles")

    p_main, r_main = score("swap events (NOT background_only) vs gold main events of is_swap articles",
                           g_main, w_main, show=True, all_gold=g_all)
    score("all warehouse events (incl. background_only) vs all gold events (main, background, non-swap main)",
          g_all, w_all, show=True, all_gold=g_all)
    bg_pairs = one_to_one(g_bg, w_all)
    print(f"\n== background gold events: {len(bg_pairs)}/{len(g_bg)} found among all warehouse events "
          f"(recall {len(bg_pairs) / len(g_bg) if g_bg else float('nan'):.3f})")
    for i, g in enumerate(g_bg):
        if i not in bg_pairs:
            print(f"     - missed background: {fmt_gold(g)}")

    merged = [w for w in w_all if len(w.articles) > 1]
    print(f"\n== merges: {len(merged)} warehouse events merged from >1 article "
          f"({sum(not w.background_only for w in merged)} not background_only)")
    for w in merged:
        print(f"     - {fmt_event(w)}")
    multi = [g for g in g_main if len(g.articles) > 1]
    for g in multi:
        # the warehouse events those articles' mentions of this exchange were resolved into
        hits = [w for w in w_main if matches(g, w) and g.articles & w.articles]
        state = "ONE event" if len(hits) == 1 else f"{len(hits)} events (split)"
        where = "; ".join(f"{w.day or w.month} {sorted(w.articles & g.articles)}" for w in hits)
        print(f"   gold exchange reported by {len(g.articles)} articles: {fmt_gold(g)} -> {state}: {where}")
    print(f"\nRESULT event precision {p_main:.3f} recall {r_main:.3f} (targets >= 0.9) "
          f"[{datetime.now(UTC):%Y-%m-%d %H:%M} UTC]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
