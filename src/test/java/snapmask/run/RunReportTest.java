package snapmask.run;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The run report's columns line up in a terminal whatever script a table is named in. */
@Tag("fast")
class RunReportTest {

    @Test
    void a_table_named_in_japanese_is_padded_by_the_columns_it_takes_not_by_its_characters() {
        assertThat(RunReport.padded("users", 10)).isEqualTo("users     ");
        assertThat(RunReport.padded("ユーザー", 10)).isEqualTo("ユーザー  ");
        assertThat(RunReport.padded("注文_items", 10)).isEqualTo("注文_items");
        assertThat(RunReport.padded("a_table_longer_than_the_column", 10)).isEqualTo("a_table_longer_than_the_column");
    }
}
