-- One row per day: sign-ups, learning events, lectures completed, course starts and completions,
-- posts published. The KPIs of config/kpis-starter.yaml and a dashboard's daily charts read it
-- instead of scanning learning_histories (about 77 % of the rows).
CREATE TABLE summary_daily (
  day                DATE         NOT NULL PRIMARY KEY,
  signups            INT UNSIGNED NOT NULL,
  learning_events    INT UNSIGNED NOT NULL,
  lectures_completed INT UNSIGNED NOT NULL,
  course_starts      INT UNSIGNED NOT NULL,
  course_completions INT UNSIGNED NOT NULL,
  posts              INT UNSIGNED NOT NULL
);

INSERT INTO summary_daily
SELECT day, SUM(signups), SUM(learning_events), SUM(lectures_completed), SUM(course_starts), SUM(course_completions), SUM(posts)
FROM (
  SELECT DATE(created_at) AS day, COUNT(*) AS signups, 0 AS learning_events, 0 AS lectures_completed,
         0 AS course_starts, 0 AS course_completions, 0 AS posts
    FROM users WHERE created_at IS NOT NULL GROUP BY DATE(created_at)
  UNION ALL
  SELECT DATE(created_at), 0, COUNT(*), COUNT(completed_at), 0, 0, 0
    FROM learning_histories WHERE created_at IS NOT NULL GROUP BY DATE(created_at)
  UNION ALL
  SELECT DATE(started_at), 0, 0, 0, COUNT(*), 0, 0
    FROM taking_courses WHERE started_at IS NOT NULL GROUP BY DATE(started_at)
  UNION ALL
  SELECT DATE(completed_at), 0, 0, 0, 0, COUNT(*), 0
    FROM taking_courses WHERE completed_at IS NOT NULL GROUP BY DATE(completed_at)
  UNION ALL
  SELECT DATE(published_at), 0, 0, 0, 0, 0, COUNT(*)
    FROM posts WHERE status = 'published' AND published_at IS NOT NULL GROUP BY DATE(published_at)
) per_source
GROUP BY day;

-- Learners with a learning event per day, for the last 28 days of activity: counting distinct
-- learners over every day of learning_histories would cost more than the rest of this file together.
-- Older days are in the KPI history (daily_active_learners), kept night after night.
CREATE TABLE summary_active_learners (
  day      DATE         NOT NULL PRIMARY KEY,
  learners INT UNSIGNED NOT NULL
);

INSERT INTO summary_active_learners
SELECT DATE(created_at), COUNT(DISTINCT user_id) FROM learning_histories
WHERE created_at >= (SELECT MAX(day) - INTERVAL 27 DAY FROM summary_daily WHERE learning_events > 0)
GROUP BY DATE(created_at);
