package snapmask.schema;

import java.util.ArrayList;
import java.util.List;

/** Splits an SQL file into statements: each ends with a ';' at the end of a line; whole-line '--' comments are skipped. */
public final class SqlScript {

    private SqlScript() {
    }

    public static List<String> statements(String text) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.strip().startsWith("--") || line.isBlank()) {
                continue;
            }
            current.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
