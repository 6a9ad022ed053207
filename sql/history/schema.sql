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
