package snapmask.load;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import snapmask.testing.TestDatabase;

import java.sql.Connection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every value arrives byte for byte, whichever way rows are written. */
class TableCopierTest {

    private static final String CREATE = "CREATE TABLE %s.awkward (id INT PRIMARY KEY, txt VARCHAR(100) NULL, blb BLOB NULL,"
            + " dt DATETIME(6) NULL, ts TIMESTAMP NULL DEFAULT NULL, amount DECIMAL(12,4) NULL, ratio DOUBLE NULL, doc LONGTEXT NULL,"
            + " flags BIT(3) NULL, kind ENUM('a','b') NULL, born DATE NULL, twice INT AS (id * 2) VIRTUAL)"
            + " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

    @ParameterizedTest
    @EnumSource(TableCopier.Method.class)
    void awkward_values_survive_the_copy(TableCopier.Method method) throws Exception {
        TestDatabase.recreate("copy_from");
        TestDatabase.recreate("copy_to");
        TestDatabase.execute(String.format(CREATE, "copy_from"), String.format(CREATE, "copy_to"),
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
            long rows = new TableCopier(2, method).copy(from, "copy_from", to, "copy_to", "awkward", null, columns);
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
}
