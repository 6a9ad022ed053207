package snapmask.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Splits an SQL file into statements: each ends with a ';' at the end of a line; whole-line '--' comments are skipped. */
public final class SqlScript {

    private SqlScript() {
    }

    /** The {@code *.sql} files in {@code folder}, in name order (10-a.sql before 20-b.sql); none when there is no such folder. */
    public static List<Path> files(Path folder) throws IOException {
        if (folder == null || !Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".sql")).sorted().toList();
        }
    }

    public static List<String> statements(String text) {
        return numbered(text).stream().map(Statement::sql).toList();
    }

    /** One statement and the line of the file it starts on (1 for the first), for a message that names it. */
    public record Statement(String sql, int line) {
    }

    public static List<Statement> numbered(String text) {
        List<Statement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int number = 0;
        int first = 0;
        for (String line : text.split("\n")) {
            number++;
            if (line.strip().startsWith("--") || line.isBlank()) {
                continue;
            }
            if (current.isEmpty()) {
                first = number;
            }
            current.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(new Statement(statement.substring(0, statement.length() - 1), first));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(new Statement(current.toString().strip(), first));
        }
        return statements;
    }
}
