-- Subscriptions per plan and status at the snapshot: a state, which only the KPI history can chart
-- over time (active_subscriptions in config/kpis-starter.yaml).
CREATE TABLE summary_subscriptions (
  plan      VARCHAR(255) NOT NULL,
  status    VARCHAR(50)  NOT NULL,
  total     INT UNSIGNED NOT NULL,
  monthly   BIGINT UNSIGNED NOT NULL COMMENT 'sum of amount',
  PRIMARY KEY (plan, status)
);

INSERT INTO summary_subscriptions
SELECT `name`, stripe_status, COUNT(*), SUM(amount) FROM subscriptions GROUP BY `name`, stripe_status;

-- Course progress at the snapshot, for a "courses in progress" card.
CREATE VIEW course_progress AS
SELECT course_id, SUM(status = 0) AS in_progress, SUM(status = 1) AS completed, SUM(status = 2) AS dropped
FROM taking_courses GROUP BY course_id;
