package snapmask.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import snapmask.testing.TestDatabase;

import java.sql.Connection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every value arrives byte for byte, whichever way rows are written. */
class TableCopierTest {

    private static final String CREATE = "CREATE TABLE %s.awkward (id INT PRIMARY KEY, txt VARCHAR(100) NULL, blb BLOB NULL,"
            + " dt DATETIME(6) NULL, ts TIMESTAMP NULL DEFAULT NULL, amount DECIMAL(12,4) NULL, ratio DOUBLE NULL, doc LONGTEXT NULL,"
            + " flags BIT(3) NULL, kind ENUM('a','b') NULL, born DATE NULL, twice INT AS (id * 2) VIRTUAL)"
            + " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

    @ParameterizedTest
    @EnumSource(TableCopier.Method.class)
    void awkward_values_survive_the_copy(TableCopier.Method method) throws Exception {
        givenTable(CREATE,
                "SET SESSION sql_mode = '', SESSION time_zone = '+00:00'",
                "INSERT INTO copy_from.awkward (id, txt, blb, dt, ts, amount, ratio, doc, flags, kind, born) VALUES"
                        + " (0, 'zero id', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                        + " (1, 'tab\\there, newline\\nthere, back\\\\slash, cr\\r, 日本語 😀', UNHEX('00095C0A0D4E7F80FF'),"
                        + " '2024-02-29 23:59:59.123456', '2024-03-31 01:30:00', -12345678.1234, 0.1, '{\"a\": [1, \"\\\\N\"]}',"
                        + " b'101', 'b', '1999-12-31'),"
                        + " (2, '\\\\N', '', '1000-01-01 00:00:00', NULL, 0, -1.5e300, '', b'000', 'a', '0000-00-00'),"
                        + " (3, '', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                        + " (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
        try (Connection from = TestDatabase.connect(); Connection to = TestDatabase.mysqlServer().connectForBulkLoad(null)) {
            TableCopier.prepareSession(from);
            TableCopier.prepareSession(to);
            List<ColumnTransfer> columns = ColumnTransfer.forTable(from, "copy_from", to, "copy_to", "awkward");
            assertThat(columns).extracting(ColumnTransfer::name).doesNotContain("twice");
            long rows = new TableCopier(2, method).copy(from, "copy_from", to, "copy_to", "awkward", null, columns).rows();
            assertThat(rows).isEqualTo(5);
        }
        String select = "SELECT id, HEX(txt) t, HEX(blb) b, dt, UNIX_TIMESTAMP(ts) ts, amount, ratio, doc, flags + 0 f, kind, born,"
                + " twice FROM %s.awkward ORDER BY id";
        List<Map<String, String>> copied = TestDatabase.rows(String.format(select, "copy_to"));
        assertThat(copied).isEqualTo(TestDatabase.rows(String.format(select, "copy_from")));
        assertThat(copied.get(0)).containsEntry("id", "0");
        assertThat(copied.get(2)).containsEntry("t", "5C4E").containsEntry("born", "0000-00-00");
        assertThat(copied.get(4).get("t")).isNull();
    }

    /** Values many times the stream's buffer, escapes falling on its edges: written a piece at a time, arriving whole. */
    @ParameterizedTest
    @EnumSource(TableCopier.Method.class)
    void values_longer_than_the_stream_buffer_arrive_byte_for_byte(TableCopier.Method method) throws Exception {
        String create = "CREATE TABLE %s.large (id INT PRIMARY KEY, blb LONGBLOB NULL, txt LONGTEXT NULL) DEFAULT CHARSET=utf8mb4";
        givenTable(create,
                // 0x00, tab, newline, backslash and CR among ordinary bytes, in runs whose lengths do not divide 65,536
                "INSERT INTO copy_from.large VALUES (1, REPEAT(UNHEX('000941FF0A5C0D42'), 40000), REPEAT('x\\\\ab😀\\t\\n', 30001)),"
                        + " (2, NULL, REPEAT('ordinary ', 30000)), (3, REPEAT(UNHEX('5C'), 70000), NULL)");
        try (Connection from = TestDatabase.connect(); Connection to = TestDatabase.mysqlServer().connectForBulkLoad(null)) {
            TableCopier.prepareSession(from);
            TableCopier.prepareSession(to);
            List<ColumnTransfer> columns = ColumnTransfer.forTable(from, "copy_from", to, "copy_to", "large");
            assertThat(new TableCopier(1000, method).copy(from, "copy_from", to, "copy_to", "large", null, columns).rows()).isEqualTo(3);
        }
        String select = "SELECT id, LENGTH(blb) bl, MD5(blb) b, LENGTH(txt) tl, MD5(txt) t FROM %s.large ORDER BY id";
        List<Map<String, String>> copied = TestDatabase.rows(String.format(select, "copy_to"));
        assertThat(copied).isEqualTo(TestDatabase.rows(String.format(select, "copy_from")));
        assertThat(copied.get(0)).containsEntry("bl", "320000");
        assertThat(copied.get(2)).containsEntry("bl", "70000");
    }

    /** An INSERT batch is held in the heap until it is sent: rows of large values go a few at a time, not batch-size at once. */
    @Test
    void inserts_send_a_batch_of_large_rows_before_it_holds_more_than_16_mb() throws Exception {
        String create = "CREATE TABLE %s.documents (id INT PRIMARY KEY, body LONGBLOB NOT NULL)";
        givenTable(create,
                "INSERT INTO copy_from.documents SELECT seq, REPEAT(UNHEX('41'), 1024 * 1024) FROM copy_from.seq_1_to_30");
        try (Connection from = TestDatabase.connect(); Connection to = TestDatabase.mysqlServer().connectForBulkLoad(null)) {
            TableCopier.prepareSession(from);
            TableCopier.prepareSession(to);
            List<ColumnTransfer> columns = ColumnTransfer.forTable(from, "copy_from", to, "copy_to", "documents");
            long before = insertStatements(to);
            assertThat(new TableCopier(1000, TableCopier.Method.INSERT).copy(from, "copy_from", to, "copy_to", "documents", null,
                    columns).rows()).isEqualTo(30);
            // 30 MB in rows of 1 MB: sixteen rows (16 MB), then the other fourteen; not one INSERT of all thirty
            assertThat(insertStatements(to) - before).isEqualTo(2);
        }
        assertThat(TestDatabase.count("SELECT COUNT(*) FROM copy_to.documents WHERE LENGTH(body) = 1024 * 1024")).isEqualTo(30);
    }

    private static long insertStatements(Connection c) throws Exception {
        try (var st = c.createStatement(); var rs = st.executeQuery("SHOW SESSION STATUS LIKE 'Com_insert'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    /** The INSERT fallback cannot send a row bigger than the server's max_allowed_packet; LOAD DATA can. Ops read which way out. */
    @Test
    void a_row_bigger_than_the_analytics_max_allowed_packet_fails_the_inserts_naming_the_table_and_both_ways_out() throws Exception {
        String create = "CREATE TABLE %s.documents (id INT PRIMARY KEY, body LONGBLOB NOT NULL)";
        givenTable(create,
                "INSERT INTO copy_from.documents VALUES (1, 'small'), (2, REPEAT('x', 3 * 1024 * 1024))");
        try (Connection from = TestDatabase.connect()) {
            TableCopier.prepareSession(from);
            Connection to;
            TestDatabase.execute("SET GLOBAL max_allowed_packet = 2 * 1024 * 1024"); // a session takes it when it connects
            try {
                to = TestDatabase.mysqlServer().connectForBulkLoad(null);
            } finally {
                TestDatabase.execute("SET GLOBAL max_allowed_packet = 64 * 1024 * 1024");
            }
            try (to) {
                TableCopier.prepareSession(to);
                List<ColumnTransfer> columns = ColumnTransfer.forTable(from, "copy_from", to, "copy_to", "documents");
                assertThatThrownBy(() -> new TableCopier(1000, TableCopier.Method.INSERT)
                                .copy(from, "copy_from", to, "copy_to", "documents", null, columns))
                        .hasMessageStartingWith("table documents: a row needs a bigger INSERT than the analytics server takes (")
                        .hasMessageContaining(" > 2,097,152 bytes, its max_allowed_packet). Raise max_allowed_packet on the analytics server")
                        .hasMessageContaining("or set local_infile=1 there");
            }
        }
        assertThat(TestDatabase.count("SELECT COUNT(*) FROM copy_to.documents")).as("the batch is rolled back").isZero();
    }

    /** MariaDB's bulk load reports a duplicate key at COMMIT as "error 1": ops read what it means and where to look. */
    @ParameterizedTest
    @EnumSource(TableCopier.Method.class)
    void two_values_analytics_compares_as_equal_fail_the_table_naming_the_unique_key_and_the_collation(TableCopier.Method method)
            throws Exception {
        givenTable("CREATE TABLE %s.tags (id INT PRIMARY KEY, label VARCHAR(10) COLLATE utf8mb4_bin, UNIQUE KEY (label))",
                "ALTER TABLE copy_to.tags MODIFY label VARCHAR(10) COLLATE utf8mb4_general_ci",
                "INSERT INTO copy_from.tags VALUES (1, 'Tag'), (2, 'tag')");
        assertThatThrownBy(() -> copy(method, "tags"))
                .hasMessageStartingWith("table tags: the analytics server found two rows with the same value in a UNIQUE key")
                .hasMessageContaining("see the notes on collations translated for this table");
        assertThat(TestDatabase.count("SELECT COUNT(*) FROM copy_to.tags")).isZero();
    }

    /**
     * A lax production stores a value outside an ENUM as its error value (index 0, read as ''); the strict
     * load can store it only with one warning each, which the copy counts as the error values it sent.
     */
    @ParameterizedTest
    @EnumSource(TableCopier.Method.class)
    void an_enum_error_value_arrives_as_itself_and_a_changed_value_beside_it_still_fails_the_table(TableCopier.Method method)
            throws Exception {
        givenTable("CREATE TABLE %s.states (id INT PRIMARY KEY, state ENUM('open', 'closed') NOT NULL, note VARCHAR(5))",
                "SET SESSION sql_mode = ''",
                "INSERT INTO copy_from.states VALUES (1, 'open', 'ab'), (2, 'reopened', 'ab'), (3, 'closed', NULL), (4, '?', 'ab')");
        assertThat(copy(method, "states")).isEqualTo(4);
        String select = "SELECT id, state, state + 0 AS i FROM %s.states ORDER BY id";
        assertThat(TestDatabase.rows(String.format(select, "copy_to"))).isEqualTo(TestDatabase.rows(String.format(select, "copy_from")))
                .contains(Map.of("id", "2", "state", "", "i", "0"), Map.of("id", "4", "state", "", "i", "0"));

        TestDatabase.execute("TRUNCATE TABLE copy_to.states", "ALTER TABLE copy_to.states MODIFY note VARCHAR(1)");
        assertThatThrownBy(() -> copy(method, "states"))
                .hasMessageStartingWith("table states: 2 ENUM error value(s) were sent (production holds them as index 0, ''), but the"
                        + " analytics server gave 5 warning(s) for them, so the copy would not be exact: Warning 1265: Data truncated for");
    }

    /** Copies copy_from.{@code table} into copy_to.{@code table} as the load does; returns the rows written. */
    private static long copy(TableCopier.Method method, String table) throws Exception {
        try (Connection from = TestDatabase.connect(); Connection to = TestDatabase.mysqlServer().connectForBulkLoad(null)) {
            TableCopier.prepareSession(from);
            TableCopier.prepareSession(to);
            List<ColumnTransfer> columns = ColumnTransfer.forTable(from, "copy_from", to, "copy_to", table);
            return new TableCopier(1000, method).copy(from, "copy_from", to, "copy_to", table, null, columns).rows();
        }
    }

    /** Empty databases copy_from and copy_to, each with the table {@code create} defines (%s: the database), then {@code statements}. */
    private static void givenTable(String create, String... statements) {
        TestDatabase.recreate("copy_from");
        TestDatabase.recreate("copy_to");
        TestDatabase.execute(String.format(create, "copy_from"), String.format(create, "copy_to"));
        TestDatabase.execute(statements);
    }
}
