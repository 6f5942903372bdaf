-- 002_views: what analysts query (CONTRACT §4 plus helpers). Views only, no data.

-- One row per real-world exchange (CONTRACT §4).
CREATE OR REPLACE VIEW swap_events AS
SELECT event_id, event_date, list_sort(parties) AS parties, n_articles,
       event_month, mediators, location, background_only, first_seen_at, updated_at
FROM events;

-- The best figure per event, receiving side and category (CONTRACT §4).
CREATE OR REPLACE VIEW swap_event_counts AS
SELECT event_id, side, category, value, disputed, claimed_values, rule, claimed
FROM event_figures;

-- People (and bodies) returned to each side per event: total, else military + civilian.
CREATE OR REPLACE VIEW event_side_totals AS
SELECT event_id, side,
       coalesce(max(value) FILTER (WHERE category = 'total'),
                CAST(sum(value) FILTER (WHERE category IN ('military', 'civilian')) AS BIGINT)) AS people,
       max(value) FILTER (WHERE category = 'bodies') AS bodies
FROM event_figures
GROUP BY event_id, side;

CREATE OR REPLACE VIEW swaps_by_month AS
SELECT coalesce(e.event_month, strftime(e.event_date, '%Y-%m')) AS month,
       count(*) FILTER (WHERE NOT e.background_only) AS n_swaps,
       count(*) AS n_events,
       CAST(sum(e.n_articles) AS BIGINT) AS n_articles,
       CAST(sum(t.people) AS BIGINT) AS people_returned,
       CAST(sum(t.bodies) AS BIGINT) AS bodies_returned
FROM events AS e
LEFT JOIN (SELECT event_id, CAST(sum(people) AS BIGINT) AS people, CAST(sum(bodies) AS BIGINT) AS bodies
           FROM event_side_totals GROUP BY event_id) AS t USING (event_id)
WHERE coalesce(e.event_month, strftime(e.event_date, '%Y-%m')) IS NOT NULL
GROUP BY ALL
ORDER BY month;

-- Running totals per receiving side; a month-only event counts from the first of its month.
CREATE OR REPLACE VIEW totals_by_side AS
WITH dated AS (
    SELECT t.side, e.event_id, e.event_date,
           coalesce(e.event_date, CAST(e.event_month || '-01' AS DATE)) AS period_start,
           t.people, t.bodies
    FROM event_side_totals AS t JOIN events AS e USING (event_id)
    WHERE e.event_date IS NOT NULL OR e.event_month IS NOT NULL
)
SELECT side, period_start, event_date, event_id, people, bodies,
       CAST(sum(coalesce(people, 0)) OVER w AS BIGINT) AS cumulative_people,
       CAST(sum(coalesce(bodies, 0)) OVER w AS BIGINT) AS cumulative_bodies
FROM dated
WINDOW w AS (PARTITION BY side ORDER BY period_start, event_id ROWS UNBOUNDED PRECEDING)
ORDER BY side, period_start, event_id;

CREATE OR REPLACE VIEW disputed_figures AS
SELECT f.event_id, e.event_date, e.event_month, list_sort(e.parties) AS parties, f.side, f.category,
       f.value AS best_value, f.rule, f.claimed_values, f.claimed
FROM event_figures AS f JOIN events AS e USING (event_id)
WHERE f.disputed;

CREATE OR REPLACE VIEW feed_health AS
WITH history AS (
    SELECT feed_name, count(*) AS n_polls,
           count(*) FILTER (WHERE outcome NOT IN ('OK', 'NOT_MODIFIED', 'PARSED_WITH_WARNINGS')) AS n_failed_polls,
           arg_max(outcome, polled_at)
               FILTER (WHERE outcome NOT IN ('OK', 'NOT_MODIFIED', 'PARSED_WITH_WARNINGS')) AS last_error_kind,
           max(polled_at)
               FILTER (WHERE outcome NOT IN ('OK', 'NOT_MODIFIED', 'PARSED_WITH_WARNINGS')) AS last_failure_at
    FROM feed_polls GROUP BY feed_name
)
SELECT s.feed_name, s.url, s.enabled,
       (NOT s.enabled OR s.disabled_reason IS NOT NULL) AS disabled, s.disabled_reason,
       s.last_success_at, s.last_polled_at, s.consecutive_failures, s.failure_score,
       coalesce(h.last_error_kind,
                CASE WHEN s.last_outcome NOT IN ('OK', 'NOT_MODIFIED', 'PARSED_WITH_WARNINGS')
                     THEN s.last_outcome END) AS last_error_kind,
       h.last_failure_at, s.last_error, s.last_status, s.next_poll_at,
       coalesce(h.n_polls, 0) AS n_polls, coalesce(h.n_failed_polls, 0) AS n_failed_polls
FROM feed_state AS s LEFT JOIN history AS h USING (feed_name);
