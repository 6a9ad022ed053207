package snapmask.kpi;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import snapmask.run.RunContext;
import snapmask.schema.SqlScript;
import snapmask.source.Snapshot;
import snapmask.testing.TestDatabase;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The KPI history in the history schema: one row per KPI, dimension and snapshot, whatever runs it took. */
@Tag("fast")
class KpiHistoryTest {

    private static final String SCHEMA = "kpi_history_test";
    private static final Instant NOW = Instant.parse("2026-12-05T03:30:00Z");
    private final KpiHistory history = new KpiHistory(TestDatabase.mysqlServer(), SCHEMA, Duration.ofDays(30),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void emptyHistory() throws Exception {
        TestDatabase.recreate(SCHEMA);
        List<String> statements = new ArrayList<>(List.of("USE " + SCHEMA));
        statements.addAll(SqlScript.statements(Files.readString(Path.of("sql/history/schema.sql"))));
        TestDatabase.execute(statements.toArray(String[]::new));
    }

    private static KpiReading reading(String snapshotId, Instant at, long active, long basic) {
        return new KpiReading(new Snapshot(snapshotId, "prod", at),
                Map.of("active_users", Map.of("", BigDecimal.valueOf(active)), "per_plan", Map.of("basic", BigDecimal.valueOf(basic))),
                Map.of("active_users", "users", "per_plan", ""), List.of());
    }

    @Test
    void a_second_run_of_the_same_snapshot_replaces_its_rows_and_another_snapshot_adds_its_own() throws Exception {
        Instant night1 = Instant.parse("2026-12-04T03:00:00Z");
        Instant night2 = Instant.parse("2026-12-05T03:00:00Z");
        RunContext first = new RunContext("test", java.time.Clock.systemUTC());
        history.record(first, reading("rds:prod-2026-12-04", night1, 100, 10));
        assertThat(first.notes()).anyMatch(n -> n.startsWith("KPI history starts with this snapshot (2026-12-04T03:00:00Z)"));
        RunContext again = new RunContext("test", java.time.Clock.systemUTC());
        history.record(again, reading("rds:prod-2026-12-04", night1, 101, 11));
        assertThat(again.notes()).noneMatch(n -> n.startsWith("KPI history starts"));
        history.record(new RunContext("test", java.time.Clock.systemUTC()), reading("rds:prod-2026-12-05", night2, 120, 12));

        assertThat(TestDatabase.rows("SELECT kpi, dimension, CAST(value AS SIGNED) AS v, run_id FROM " + SCHEMA
                + ".kpi_values ORDER BY snapshot_at, kpi")).extracting(r -> r.get("kpi") + "/" + r.get("dimension") + "=" + r.get("v"))
                .containsExactly("active_users/=101", "per_plan/basic=11", "active_users/=120", "per_plan/basic=12");
        assertThat(TestDatabase.rows("SELECT run_id FROM " + SCHEMA + ".kpi_values WHERE snapshot_at < '2026-12-05'"))
                .extracting(r -> r.get("run_id")).containsOnly(again.id());
        assertThat(history.valuesBefore(night2)).isEqualTo(Map.of("active_users", Map.of("", new BigDecimal("101.000000")),
                "per_plan", Map.of("basic", new BigDecimal("11.000000"))));
        assertThat(TestDatabase.rows("SELECT snapshot_id FROM " + SCHEMA + ".data_as_of")).extracting(r -> r.get("snapshot_id"))
                .containsExactly("rds:prod-2026-12-05");
    }

    @Test
    void values_older_than_the_retention_leave_the_history() {
        KpiHistory keptForEver = new KpiHistory(TestDatabase.mysqlServer(), SCHEMA, Duration.ZERO, Clock.fixed(NOW, ZoneOffset.UTC));
        keptForEver.record(new RunContext("test", java.time.Clock.systemUTC()), reading("old", NOW.minus(Duration.ofDays(31)), 1, 1));
        keptForEver.record(new RunContext("test", java.time.Clock.systemUTC()), reading("recent", NOW.minus(Duration.ofDays(29)), 2, 2));
        RunContext tonight = new RunContext("test", java.time.Clock.systemUTC());
        history.record(tonight, reading("tonight", NOW.minus(Duration.ofMinutes(30)), 3, 3));

        assertThat(TestDatabase.rows("SELECT DISTINCT snapshot_id FROM " + SCHEMA + ".kpi_values ORDER BY snapshot_id"))
                .extracting(r -> r.get("snapshot_id")).containsExactly("recent", "tonight");
        assertThat(tonight.notes()).anyMatch(n -> n.contains("2 older than the retention removed"));
    }
}
