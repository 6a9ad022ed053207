package snapmask.load;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The numbers and strings of a document as MySQL prints it, each at the path MySQL's JSON_EXTRACT takes. */
@Tag("fast")
class JsonScalarsTest {

    @Test
    void every_number_and_string_is_found_at_its_path_with_its_printed_text() {
        assertThat(JsonScalars.of("{\"a \\\"b\\\"\": [1.50, {\"k\": \"2024-01-02\"}, [], {}, true, null, -1e300], \"n\": 0}"))
                .containsExactly(new JsonScalars.Scalar("$.\"a \\\"b\\\"\"[0]", "1.50", false),
                        new JsonScalars.Scalar("$.\"a \\\"b\\\"\"[1].\"k\"", "2024-01-02", true),
                        new JsonScalars.Scalar("$.\"a \\\"b\\\"\"[6]", "-1e300", false),
                        new JsonScalars.Scalar("$.\"n\"", "0", false));
        assertThat(JsonScalars.of("12.50")).containsExactly(new JsonScalars.Scalar("$", "12.50", false));
        assertThat(JsonScalars.of("\"x\\\\y\"")).containsExactly(new JsonScalars.Scalar("$", "x\\\\y", true));
    }
}
