package snapmask.schema;

import org.junit.jupiter.api.Test;
import snapmask.testing.Engine;

import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Views arrive in a database on another server; those that cannot work there are left out, by name and why. */
class ViewCopierTest {

    private static void givenProduction(String... views) {
        Engine.MYSQL8.execute("DROP DATABASE IF EXISTS views_ref", "CREATE DATABASE views_ref",
                "CREATE TABLE views_ref.countries (code CHAR(2) PRIMARY KEY)");
        Engine.MYSQL8.recreate("views_src");
        Engine.MYSQL8.execute("CREATE TABLE views_src.orders (id INT PRIMARY KEY, country CHAR(2))",
                "CREATE TABLE views_src.refunds (id INT PRIMARY KEY)");
        Engine.MYSQL8.execute(views);
        // analytics, on another server, has the copied tables and nothing else
        Engine.MARIADB.recreate("views_dst");
        Engine.MARIADB.execute("CREATE TABLE views_dst.orders (id INT PRIMARY KEY, country CHAR(2))");
    }

    @Test
    void a_view_that_reads_another_database_is_left_out_with_the_views_that_read_it() throws Exception {
        givenProduction("CREATE VIEW views_src.order_count AS SELECT COUNT(*) AS n FROM views_src.orders",
                "CREATE VIEW views_src.order_countries AS SELECT o.id, c.code FROM views_src.orders o JOIN views_ref.countries c"
                        + " ON c.code = o.country",
                "CREATE VIEW views_src.countries_seen AS SELECT COUNT(DISTINCT code) AS n FROM views_src.order_countries");

        ViewCopier.Defined defined;
        try (Connection source = Engine.MYSQL8.server().connect("views_src"); Connection target = Engine.MARIADB.server().connect(null)) {
            defined = ViewCopier.copy(source, "views_src", target, "views_dst");
        }

        assertThat(defined.created()).containsExactly("order_count");
        assertThat(defined.leftOut()).containsExactlyInAnyOrder("order_countries (reads views_ref.countries, another database)",
                "countries_seen (reads view order_countries, left out)");
    }

    @Test
    void a_view_that_reads_a_table_of_the_copied_database_the_target_lacks_still_fails() throws Exception {
        givenProduction("CREATE VIEW views_src.refund_count AS SELECT COUNT(*) AS n FROM views_src.refunds");

        try (Connection source = Engine.MYSQL8.server().connect("views_src"); Connection target = Engine.MARIADB.server().connect(null)) {
            assertThatThrownBy(() -> ViewCopier.copy(source, "views_src", target, "views_dst"))
                    .hasMessageStartingWith("view refund_count cannot be defined in views_dst: Table 'views_dst.refunds' doesn't exist");
        }
    }
}
