package snapmask.mask;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.step.RunNotes;
import snapmask.schema.Sql;
import snapmask.schema.SqlScript;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

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
        try {
            return SqlScript.files(folder);
        } catch (IOException e) {
            throw new MaskingRulesException("cannot list the masking hooks in " + folder + " (snapmask.masking.hooks): "
                    + e.getMessage(), e);
        }
    }

    public void run(Connection c, RunNotes run) {
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
        try {
            return SqlScript.statements(Files.readString(file));
        } catch (IOException e) {
            throw new MaskingRulesException("cannot read masking hook " + file + ": " + e.getMessage(), e);
        }
    }
}
