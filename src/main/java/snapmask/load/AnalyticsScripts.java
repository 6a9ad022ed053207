package snapmask.load;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.config.MySqlServer;
import snapmask.step.RunNotes;
import snapmask.schema.SchemaReader;
import snapmask.schema.SqlScript;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Step {@code analytics-sql}: the team's own SQL ({@code sql/analytics/*.sql}, in name order) run in
 * the staging database after the load and before the swap, written as if against analytics
 * (unqualified names). Summary tables, KPI views and dashboard indexes made here swap in with the
 * tables they are computed from, in the same RENAME, so a dashboard never shows a summary of
 * another day than its tables. A statement that fails, or that the server answers with a warning,
 * fails the run here: analytics keeps yesterday's tables and summaries.
 */
public class AnalyticsScripts {

    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsScripts.class);
    /** Warnings that say how a statement is written, not what it did to data (deprecated syntax, display widths). */
    private static final Set<Integer> ABOUT_SYNTAX = Set.of(1287, 1681);

    private final Path folder;
    private final MySqlServer server;
    private final String staging;

    public AnalyticsScripts(Path folder, MySqlServer server, String analyticsDb) {
        this.folder = folder;
        this.server = server;
        this.staging = snapmask.config.Analytics.stagingOf(analyticsDb);
    }

    /** The scripts that run, in their order: {@code *.sql} in the folder (snapmask.analytics.scripts), none when it is absent. */
    public List<Path> files() {
        try {
            return SqlScript.files(folder);
        } catch (IOException e) {
            throw new LoadException("cannot list the analytics scripts in " + folder + " (snapmask.analytics.scripts): " + e.getMessage(), e);
        }
    }

    /** Runs the scripts in staging, where {@code staged} loaded production's tables; returns what they made. */
    public ScriptsRun run(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("load") StagedLoad staged) {
        List<Path> files = files();
        if (files.isEmpty()) {
            return ScriptsRun.none(server, staging);
        }
        try (Connection c = server.connect(staging)) {
            SchemaReader schema = new SchemaReader(c);
            List<String> tablesBefore = schema.tables(staging);
            List<String> viewsBefore = schema.views(staging);
            for (Path file : files) {
                long started = System.nanoTime();
                List<SqlScript.Statement> statements = statements(file);
                for (SqlScript.Statement statement : statements) {
                    execute(c, file, statement);
                }
                LOG.info("run {}: analytics script {} ran in staging ({} statements, {} ms)", run.id(), file, statements.size(),
                        (System.nanoTime() - started) / 1_000_000);
            }
            List<String> tables = new ArrayList<>(schema.tables(staging));
            tables.removeAll(tablesBefore);
            List<String> views = new ArrayList<>(schema.views(staging));
            views.removeAll(viewsBefore);
            if (!tables.isEmpty() || !views.isEmpty()) {
                run.note("analytics scripts made " + describe(tables, views) + "; they swap in with the data");
            }
            return new ScriptsRun(server, staging, files, List.copyOf(tables), List.copyOf(views));
        } catch (SQLException e) {
            throw new LoadException("the analytics scripts could not run in " + staging + " on " + server.where() + ": "
                    + LoadWarnings.scrub(e.getMessage()) + "; nothing was swapped, the analytics tables are unchanged", e);
        }
    }

    private static void execute(Connection c, Path file, SqlScript.Statement statement) {
        try (Statement s = c.createStatement()) {
            s.execute(statement.sql());
            drain(s);
            try (ResultSet w = s.executeQuery("SHOW WARNINGS")) {
                while (w.next()) {
                    if (!"Note".equalsIgnoreCase(w.getString(1)) && !ABOUT_SYNTAX.contains(w.getInt(2))) {
                        throw new LoadException(file + " line " + statement.line() + ": the server warned (" + w.getInt(2) + " "
                                + LoadWarnings.scrub(w.getString(3)) + "), so its result may not be what the script says;"
                                + " nothing was swapped, the analytics tables and KPI history are unchanged. Fix the script", null);
                    }
                }
            }
        } catch (SQLException e) {
            throw new LoadException(file + " line " + statement.line() + " failed: " + LoadWarnings.scrub(e.getMessage())
                    + "; nothing was swapped, the analytics tables and KPI history are unchanged. Fix the script, or move it out of"
                    + " the analytics scripts folder (snapmask.analytics.scripts) to refresh without it", e);
        }
    }

    /** A script's SELECT (to look at something) is read to its end, so the next statement can run. */
    private static void drain(Statement s) throws SQLException {
        for (boolean more = s.getResultSet() != null; more || s.getUpdateCount() != -1; more = s.getMoreResults()) {
            try (ResultSet rs = s.getResultSet()) {
                while (rs != null && rs.next()) {
                    // read and forgotten
                }
            }
        }
    }

    private static List<SqlScript.Statement> statements(Path file) {
        try {
            return SqlScript.numbered(Files.readString(file));
        } catch (IOException e) {
            throw new LoadException("cannot read analytics script " + file + ": " + e.getMessage(), e);
        }
    }

    private static String describe(List<String> tables, List<String> views) {
        List<String> parts = new ArrayList<>();
        if (!tables.isEmpty()) {
            parts.add("table(s) " + String.join(", ", tables));
        }
        if (!views.isEmpty()) {
            parts.add("view(s) " + String.join(", ", views));
        }
        return String.join(" and ", parts);
    }
}
