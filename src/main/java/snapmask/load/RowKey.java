package snapmask.load;

import java.util.List;

/** A row's primary key as a failure may show it: numbers only, as another key may be a person's name or address. */
final class RowKey {

    private RowKey() {
    }

    static String shown(List<String> keyValues) {
        return keyValues.stream().allMatch(v -> v != null && v.matches("-?[0-9]+")) ? String.join(", ", keyValues) : "(not shown)";
    }
}
