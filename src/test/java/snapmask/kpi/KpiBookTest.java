package snapmask.kpi;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The KPI file as ops write it: what each check means, and errors that name the file and line. */
@Tag("fast")
class KpiBookTest {

    @Test
    void the_starter_pack_reads_with_its_kpis_and_checks() {
        KpiBook book = KpiBook.load(Path.of("config/kpis-starter.yaml"));
        assertThat(book.kpis()).extracting(KpiBook.Kpi::name).containsExactly("daily_signups", "daily_active_learners",
                "course_starts", "course_completions", "posts_per_day", "active_subscriptions");
        assertThat(book.kpis().get(5).checks()).singleElement().satisfies(check -> {
            assertThat(check.action()).isEqualTo(Limit.Action.WARN);
            assertThat(check.changePercent()).isEqualByComparingTo("30");
        });
        assertThat(book.tableChecks("migrations")).singleElement().extracting(Limit::action).isEqualTo(Limit.Action.STOP);
        assertThat(KpiBook.load(Path.of("config/kpis.yaml")).kpis()).as("the shipped file lists none").isEmpty();
    }

    @Test
    void a_limit_says_what_it_saw_against_what_it_allows() {
        Limit change = new Limit(null, null, new BigDecimal("30"), null, Limit.Action.WARN, "kpis.yaml line 3");
        assertThat(change.broken(new BigDecimal("130"), new BigDecimal("100"))).isEmpty();
        assertThat(change.broken(new BigDecimal("131"), new BigDecimal("100"))).hasValue(
                "is 131, 100 at the last run: +31 %, a larger change than 30 %");
        assertThat(change.broken(new BigDecimal("60"), new BigDecimal("100"))).hasValue(
                "is 60, 100 at the last run: -40 %, a larger change than 30 %");
        assertThat(change.broken(new BigDecimal("5"), null)).as("nothing to compare with on the first night").isEmpty();
        Limit shrink = new Limit(null, null, null, new BigDecimal("50"), Limit.Action.STOP, "x");
        assertThat(shrink.broken(new BigDecimal("500"), new BigDecimal("100"))).as("growth is no shrink").isEmpty();
        assertThat(shrink.broken(new BigDecimal("49"), new BigDecimal("100"))).hasValueSatisfying(w -> assertThat(w).contains("shrank by 51 %"));
        Limit bounds = new Limit(BigDecimal.ONE, BigDecimal.TEN, null, null, Limit.Action.STOP, "x");
        assertThat(bounds.broken(null, null)).hasValue("has no value");
        assertThat(bounds.broken(new BigDecimal("0.5"), null)).hasValue("is 0.5, below its minimum 1");
    }

    @Test
    void mistakes_are_named_with_file_and_line() {
        assertThatThrownBy(() -> KpiBook.parse("kpis.yaml", "kpis:\n  signups:\n    unit: users\n"))
                .hasMessage("kpis.yaml line 2: KPI signups needs 'sql': a SELECT answering one value, or one row per dimension value"
                        + " (the dimension, then the value)");
        assertThatThrownBy(() -> KpiBook.parse("kpis.yaml", "kpis:\n  signups:\n    sql: SELECT 1\n    checks:\n"
                + "      - { change-percent: lots }\n"))
                .hasMessage("kpis.yaml line 5: KPI signups change-percent is 'lots', not a percentage (0 or more)");
        assertThatThrownBy(() -> KpiBook.parse("kpis.yaml", "kpis:\n  signups:\n    sql: SELECT 1\n    checks: { max: 3, action: page }\n"))
                .hasMessageStartingWith("kpis.yaml line 4: a check of KPI signups has action 'page'");
        assertThatThrownBy(() -> KpiBook.parse("kpis.yaml", "kpis:\n  Sign-Ups:\n    sql: SELECT 1\n"))
                .hasMessageStartingWith("kpis.yaml line 2: KPI name 'Sign-Ups' must be");
        assertThatThrownBy(() -> KpiBook.parse("kpis.yaml", "kpi:\n  signups: {}\n"))
                .hasMessage("kpis.yaml line 1: unknown top-level key 'kpi'; expected 'kpis' or 'tables'");
        assertThatThrownBy(() -> KpiBook.parse("kpis.yaml", "kpis:\n  signups:\n    sql: SELECT 1; DROP TABLE users\n"))
                .hasMessageContaining("more than one statement");
    }
}
