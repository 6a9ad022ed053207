package snapmask.mask;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.run.RunContext;
import snapmask.schema.Sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Custom SQL that runs on the masked copy after the rules, for what rules cannot say (a JSON
 * field, a derived table). Files {@code *.sql} in the hooks folder, in name order; statements end
 * with a ';' at the end of a line. An error names the file and the statement.
 */
public final class MaskingHooks {

    private static final Logger LOG = LoggerFactory.getLogger(MaskingHooks.class);
    private final Path folder;

    public MaskingHooks(Path folder) {
        this.folder = folder;
    }

    public static MaskingHooks none() {
        return new MaskingHooks(null);
    }

    public List<Path> files() {
        if (folder == null || !Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".sql")).sorted().toList();
        } catch (IOException e) {
            throw new MaskingRulesException("cannot list the masking hooks in " + folder + " (snapmask.masking.hooks): "
                    + e.getMessage(), e);
        }
    }

    public void run(Connection c, RunContext run) {
        for (Path file : files()) {
            List<String> statements = statements(file);
            for (int i = 0; i < statements.size(); i++) {
                try {
                    Sql.execute(c, statements.get(i));
                } catch (SQLException e) {
                    throw new MaskingException(file + " statement " + (i + 1) + " failed: " + e.getMessage(), e);
                }
            }
            LOG.info("run {}: ran masking hook {} ({} statements)", run.id(), file, statements.size());
        }
    }

    static List<String> statements(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new MaskingRulesException("cannot read masking hook " + file + ": " + e.getMessage(), e);
        }
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
