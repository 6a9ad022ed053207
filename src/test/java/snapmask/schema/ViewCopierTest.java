package snapmask.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import snapmask.testing.Engine;

import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Views arrive in a database on another server; those that cannot work there are left out, by name and why. */
class ViewCopierTest {

    private static void givenProduction(Engine source, Engine target, String... views) {
        source.execute("DROP DATABASE IF EXISTS views_ref", "CREATE DATABASE views_ref",
                "CREATE TABLE views_ref.countries (code CHAR(2) PRIMARY KEY)");
        source.recreate("views_src");
        source.execute("CREATE TABLE views_src.orders (id INT PRIMARY KEY, country CHAR(2))",
                "CREATE TABLE views_src.refunds (id INT PRIMARY KEY)");
        source.execute(views);
        // analytics, on another server, has the copied tables and nothing else
        target.execute("DROP DATABASE IF EXISTS views_ref");
        target.recreate("views_dst");
        target.execute("CREATE TABLE views_dst.orders (id INT PRIMARY KEY, country CHAR(2))");
    }

    /** MySQL refuses such a view naming the database, MariaDB naming the table. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"MYSQL8, MARIADB, 'reads views_ref.countries, another database'",
            "MARIADB, MYSQL8, 'reads database views_ref, another database'"})
    void a_view_that_reads_another_database_is_left_out_with_the_views_that_read_it(Engine source, Engine target, String why)
            throws Exception {
        givenProduction(source, target, "CREATE VIEW views_src.order_count AS SELECT COUNT(*) AS n FROM views_src.orders",
                "CREATE VIEW views_src.order_countries AS SELECT o.id, c.code FROM views_src.orders o JOIN views_ref.countries c"
                        + " ON c.code = o.country",
                "CREATE VIEW views_src.countries_seen AS SELECT COUNT(DISTINCT code) AS n FROM views_src.order_countries");

        ViewCopier.Defined defined;
        try (Connection from = source.server().connect("views_src"); Connection to = target.server().connect(null)) {
            defined = ViewCopier.copy(from, "views_src", to, "views_dst");
        }

        assertThat(defined.created()).containsExactly("order_count");
        assertThat(defined.leftOut()).containsExactlyInAnyOrder("order_countries (" + why + ")",
                "countries_seen (reads view order_countries, left out)");
    }

    @Test
    void a_view_that_reads_a_table_of_the_copied_database_the_target_lacks_still_fails() throws Exception {
        givenProduction(Engine.MYSQL8, Engine.MARIADB, "CREATE VIEW views_src.refund_count AS SELECT COUNT(*) AS n FROM views_src.refunds");

        try (Connection source = Engine.MYSQL8.server().connect("views_src"); Connection target = Engine.MARIADB.server().connect(null)) {
            assertThatThrownBy(() -> ViewCopier.copy(source, "views_src", target, "views_dst"))
                    .hasMessageStartingWith("view refund_count cannot be defined in views_dst: Table 'views_dst.refunds' doesn't exist");
        }
    }
}
