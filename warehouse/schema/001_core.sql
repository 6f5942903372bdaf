-- 001_core: feeds, raw entries, articles, analysis output, events and the alert outbox.
-- Every timestamp is UTC, stored as TIMESTAMP without a zone (warehouse/db.py converts).
-- Keys are natural and stable so that every write can be an idempotent upsert.

CREATE TABLE feed_state (
    feed_name            VARCHAR PRIMARY KEY,
    url                  VARCHAR NOT NULL,
    enabled              BOOLEAN NOT NULL,
    etag                 VARCHAR,
    last_modified        VARCHAR,
    body_hash            VARCHAR,
    last_outcome         VARCHAR,
    last_status          INTEGER,
    last_error           VARCHAR,
    last_polled_at       TIMESTAMP,
    last_success_at      TIMESTAMP,
    consecutive_failures INTEGER NOT NULL,
    failure_score        DOUBLE NOT NULL,
    next_poll_at         TIMESTAMP,
    disabled_reason      VARCHAR
);

-- One row per feed per run: the poll history behind feed_state.
CREATE TABLE feed_polls (
    run_id      VARCHAR NOT NULL,
    feed_name   VARCHAR NOT NULL,
    polled_at   TIMESTAMP NOT NULL,
    outcome     VARCHAR NOT NULL,
    http_status INTEGER,
    error       VARCHAR,
    n_entries   INTEGER NOT NULL,
    n_new       INTEGER NOT NULL,
    tossed      INTEGER NOT NULL,
    PRIMARY KEY (run_id, feed_name)
);

CREATE TABLE entries (
    entry_id      VARCHAR PRIMARY KEY,
    feed_name     VARCHAR NOT NULL,
    guid          VARCHAR,
    link          VARCHAR,
    url_norm      VARCHAR,
    title         VARCHAR,
    summary       VARCHAR,
    published     TIMESTAMP,
    link_problem  VARCHAR,
    first_seen_at TIMESTAMP NOT NULL,
    last_seen_at  TIMESTAMP NOT NULL,
    run_id        VARCHAR NOT NULL
);

-- One row per story (normalised URL); syndicated copies point at the first copy via duplicate_of.
CREATE TABLE articles (
    article_id    VARCHAR PRIMARY KEY,
    url           VARCHAR NOT NULL,
    final_url     VARCHAR,
    feed_name     VARCHAR,
    outcome       VARCHAR NOT NULL,
    error         VARCHAR,
    title         VARCHAR,
    text          VARCHAR,
    published     DATE,
    lang          VARCHAR,
    content_hash  VARCHAR,
    duplicate_of  VARCHAR,
    fetched_at    TIMESTAMP NOT NULL,
    first_seen_at TIMESTAMP NOT NULL,
    run_id        VARCHAR NOT NULL
);

-- The latest verdict per article; reprocessing replaces it.
CREATE TABLE classifications (
    article_id        VARCHAR PRIMARY KEY,
    extractor_version VARCHAR NOT NULL,
    is_swap           BOOLEAN NOT NULL,
    score             DOUBLE NOT NULL,
    reasons           VARCHAR[] NOT NULL,
    classified_at     TIMESTAMP NOT NULL
);

CREATE TABLE claims (
    claim_id          VARCHAR PRIMARY KEY,
    article_id        VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    event_index       INTEGER,
    side              VARCHAR NOT NULL,
    category          VARCHAR NOT NULL CHECK (category IN ('military', 'civilian', 'bodies', 'total')),
    value             BIGINT NOT NULL,
    kind              VARCHAR NOT NULL CHECK (kind IN ('event', 'cumulative', 'planned', 'captivity')),
    source            VARCHAR,
    sentence          VARCHAR NOT NULL,
    span_start        INTEGER NOT NULL,
    span_end          INTEGER NOT NULL
);

-- Mentions: each event an article reports, as extracted, and the event it was resolved into.
CREATE TABLE article_events (
    article_id        VARCHAR NOT NULL,
    event_index       INTEGER NOT NULL,
    role              VARCHAR NOT NULL CHECK (role IN ('main', 'background')),
    event_date        VARCHAR,
    parties           VARCHAR[] NOT NULL,
    returned          JSON NOT NULL,
    mediators         VARCHAR[] NOT NULL,
    location          VARCHAR,
    extractor_version VARCHAR NOT NULL,
    event_id          VARCHAR,
    PRIMARY KEY (article_id, event_index)
);

CREATE TABLE events (
    event_id        VARCHAR PRIMARY KEY,
    event_date      DATE,
    event_month     VARCHAR,
    parties         VARCHAR[] NOT NULL,
    mediators       VARCHAR[] NOT NULL,
    location        VARCHAR,
    background_only BOOLEAN NOT NULL,
    n_articles      INTEGER NOT NULL,
    first_seen_at   TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);

CREATE TABLE event_figures (
    event_id       VARCHAR NOT NULL,
    side           VARCHAR NOT NULL,
    category       VARCHAR NOT NULL CHECK (category IN ('military', 'civilian', 'bodies', 'total')),
    value          BIGINT NOT NULL,
    disputed       BOOLEAN NOT NULL,
    rule           VARCHAR NOT NULL,
    claimed_values BIGINT[] NOT NULL,
    claimed        JSON NOT NULL,
    PRIMARY KEY (event_id, side, category)
);

CREATE TABLE event_revisions (
    revision_id VARCHAR PRIMARY KEY,
    event_id    VARCHAR NOT NULL,
    side        VARCHAR NOT NULL,
    category    VARCHAR NOT NULL,
    old_value   BIGINT,
    new_value   BIGINT,
    revised_at  TIMESTAMP NOT NULL,
    reason      VARCHAR NOT NULL,
    article_id  VARCHAR,
    run_id      VARCHAR NOT NULL
);

-- Ids retired when re-resolution merged two events: old links keep working.
CREATE TABLE event_aliases (
    old_event_id VARCHAR PRIMARY KEY,
    event_id     VARCHAR NOT NULL,
    merged_at    TIMESTAMP NOT NULL,
    run_id       VARCHAR NOT NULL
);

-- The outbox: the primary key on alert_key is what stops a rerun from alerting twice.
CREATE TABLE alerts (
    alert_key       VARCHAR PRIMARY KEY,
    event_id        VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL CHECK (kind IN ('new', 'revised')),
    payload         JSON NOT NULL,
    slack           JSON NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    status          VARCHAR NOT NULL CHECK (status IN ('pending', 'delivered', 'undeliverable')),
    attempts        INTEGER NOT NULL,
    last_error      VARCHAR,
    next_attempt_at TIMESTAMP,
    delivered_at    TIMESTAMP,
    run_id          VARCHAR NOT NULL
);
