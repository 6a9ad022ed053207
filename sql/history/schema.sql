-- snapmask's run history on the analytics server, in its own schema (snapmask.history.schema, default
-- snapmask) that the swap never touches and the BI user cannot read unless granted. snapmask creates
-- these tables when they are missing; a newer snapmask only ever adds columns.
-- Metabase: runs per day by status, duration_s over time, rows_loaded over time, slowest steps.

CREATE TABLE IF NOT EXISTS runs (
  run_id         VARCHAR(32)   NOT NULL PRIMARY KEY,
  run_trigger    VARCHAR(16)   NOT NULL COMMENT 'schedule, jmx, cli',
  started_at     TIMESTAMP(3)  NULL DEFAULT NULL,
  ended_at       TIMESTAMP(3)  NULL DEFAULT NULL,
  status         VARCHAR(16)   NOT NULL COMMENT 'RUNNING, SUCCEEDED, FAILED, ABORTED, ABANDONED (the process died)',
  failed_step    VARCHAR(64)   NULL,
  error          TEXT          NULL,
  snapshot_id    VARCHAR(255)  NULL,
  temporary_copy VARCHAR(255)  NULL COMMENT 'the temporary instance or scratch database',
  duration_s     DECIMAL(12,3) NULL,
  rows_loaded    BIGINT        NULL,
  KEY runs_started (started_at)
);

CREATE TABLE IF NOT EXISTS run_steps (
  run_id     VARCHAR(32)   NOT NULL,
  step       VARCHAR(64)   NOT NULL,
  seconds    DECIMAL(12,3) NOT NULL,
  PRIMARY KEY (run_id, step)
);

CREATE TABLE IF NOT EXISTS run_tables (
  run_id      VARCHAR(32) NOT NULL,
  table_name  VARCHAR(64) NOT NULL,
  rows_loaded BIGINT      NOT NULL,
  PRIMARY KEY (run_id, table_name)
);

-- What a run warned of and went on (a check with action warn, Metabase not told): one row per warning.
CREATE TABLE IF NOT EXISTS run_warnings (
  run_id  VARCHAR(32) NOT NULL,
  seq     INT         NOT NULL,
  warning TEXT        NOT NULL,
  PRIMARY KEY (run_id, seq)
);

-- One row per refresh that swapped new data into analytics: what the dashboards show is as of snapshot_at.
CREATE TABLE IF NOT EXISTS refreshes (
  run_id      VARCHAR(32)   NOT NULL PRIMARY KEY,
  snapshot_id VARCHAR(255)  NOT NULL,
  snapshot_at TIMESTAMP(3)  NULL DEFAULT NULL COMMENT 'when production was as analytics shows it',
  swapped_at  TIMESTAMP(3)  NULL DEFAULT NULL COMMENT 'when the tables were swapped in',
  KEY refreshes_swapped (swapped_at)
);

-- KPI history (config/kpis.yaml): one row per KPI, dimension value and snapshot, appended after each
-- swap; a second run of the same snapshot replaces its rows. Readable by the BI account.
-- Metabase: value over snapshot_at, filtered on kpi, broken out by dimension.
CREATE TABLE IF NOT EXISTS kpi_values (
  kpi         VARCHAR(64)    NOT NULL,
  dimension   VARCHAR(191)   NOT NULL DEFAULT '' COMMENT 'empty for a KPI of one value',
  snapshot_at TIMESTAMP(3)   NOT NULL DEFAULT '2000-01-01 00:00:00.000',
  value       DECIMAL(30,6)  NULL,
  unit        VARCHAR(32)    NOT NULL DEFAULT '',
  snapshot_id VARCHAR(255)   NOT NULL,
  run_id      VARCHAR(32)    NOT NULL,
  PRIMARY KEY (kpi, dimension, snapshot_at),
  KEY kpi_values_snapshot (snapshot_at)
);

-- For a "data as of" card on every dashboard: the snapshot analytics shows and when it was swapped in.
CREATE OR REPLACE VIEW data_as_of AS
  SELECT snapshot_at AS data_as_of, swapped_at AS refreshed_at, snapshot_id, run_id
  FROM refreshes ORDER BY swapped_at DESC, snapshot_at DESC LIMIT 1;
