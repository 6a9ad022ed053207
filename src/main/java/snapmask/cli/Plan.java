package snapmask.cli;

import snapmask.config.MySqlServer;
import snapmask.kpi.KpiBook;
import snapmask.kpi.KpiMeter;
import snapmask.load.AnalyticsLoader;
import snapmask.load.AnalyticsScripts;
import snapmask.source.ReadableSource;
import snapmask.mask.LeakCheck;
import snapmask.mask.MaskPlan;
import snapmask.mask.Masker;
import snapmask.mask.SchemaGuard;
import snapmask.mask.SchemaGuardException;
import snapmask.mask.TableRule;
import snapmask.schema.SchemaReader;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;

/**
 * {@code snapmask plan}: checks the masking rules against a real schema and prints the SQL a run
 * would execute and the checks it would make. It only reads: the local source database, or (for
 * rds, which has no copy until a restore) the analytics database, which has yesterday's schema.
 */
public final class Plan {

    private Plan() {
    }

    /**
     * Where the production schema can be read without a run: the local source database, or (for
     * rds, which has no copy until a restore) the analytics database, which has yesterday's schema.
     */
    record SchemaSource(MySqlServer server, String database) {
        static SchemaSource of(Application app) {
            return app.optionalBean(ReadableSource.class).map(source -> new SchemaSource(source.server(), source.database()))
                    .orElseGet(() -> {
                        AnalyticsLoader loader = app.bean(AnalyticsLoader.class);
                        return new SchemaSource(loader.server(), loader.database());
                    });
        }
    }

    /** What runs in staging after the load and before the swap: the analytics scripts, the KPIs and the checks. */
    private static void printKpis(PrintStream out, Application app) {
        AnalyticsScripts scripts = app.bean(AnalyticsScripts.class);
        KpiMeter kpis = app.bean(KpiMeter.class);
        out.println("\n-- analytics scripts, in staging after the load, before the swap: " + (scripts.files().isEmpty() ? "none"
                : scripts.files().stream().map(Path::toString).toList()));
        for (KpiBook.Kpi kpi : kpis.book().kpis()) {
            out.println("-- KPI " + kpi.name() + " (" + kpi.source() + (kpi.unit().isEmpty() ? "" : ", " + kpi.unit()) + ")"
                    + (kpi.description().isEmpty() ? "" : ": " + kpi.description()));
            kpi.checks().forEach(check -> out.println("--   check at " + check.source() + ", action " + check.action().name().toLowerCase()));
            out.println(kpi.sql() + ";");
        }
        out.println("-- tables: " + kpis.describeTableChecks());
    }

    public static int run(Map<String, String> overrides, PrintStream out) throws Exception {
        try (Application app = Application.start(overrides)) {
            Masker masker = app.bean(Masker.class);
            LeakCheck leakCheck = app.bean(LeakCheck.class);
            SchemaSource schemaSource = SchemaSource.of(app);
            MySqlServer server = schemaSource.server();
            String database = schemaSource.database();
            try (Connection c = server.connect(database)) {
                MaskPlan plan = masker.plan(new SchemaReader(c), database);
                out.println("snapmask plan: " + plan.rules().file() + " checked against " + database + " on " + server.where()
                        + "\n");
                for (MaskPlan.TablePlan table : plan.tables()) {
                    out.println("-- table " + table.table() + ": " + table.rules().stream()
                            .map(r -> r.column() + " (" + r.kind() + ")").toList());
                    if (table.update() != null) {
                        out.println(table.update() + ";");
                    }
                    if (!table.indexesOnMaskedColumns().isEmpty()) {
                        out.println("-- index(es) " + table.indexesOnMaskedColumns().stream().map(i -> i.name()).toList()
                                + " are dropped for the update and built again after it (a UNIQUE one proves the result unique)");
                    }
                    table.leakChecks().forEach((column, sql) -> out.println("-- leak check " + column + ", must be 0:\n" + sql + ";"));
                    out.println();
                }
                if (!plan.rules().tableRules().isEmpty()) {
                    out.println("-- tables copied in part or not at all: " + plan.rules().tableRules().values().stream()
                            .map(TableRule::describe).toList() + "\n");
                }
                out.println("-- hooks after the rules: " + (masker.hooks().files().isEmpty() ? "none"
                        : masker.hooks().files().stream().map(Path::toString).toList()));
                try {
                    SchemaGuard.Sampled sampled = leakCheck.guard().check(c, database, plan.rules());
                    out.println("-- schema guard: every column that looks personal has a rule; " + sampled);
                } catch (SchemaGuardException e) {
                    out.println("-- schema guard: " + e.getMessage());
                    if (e.findings().size() > 1) {
                        out.println("-- every column without a rule (" + e.findings().size() + "):");
                        e.findings().forEach(f -> out.println("--   " + f));
                    }
                    out.println("\nnothing was changed; the plan would FAIL at the verify step");
                    return 1;
                } catch (RuntimeException e) {
                    out.println("-- schema guard: " + e.getMessage());
                    out.println("\nnothing was changed; the plan would FAIL at the verify step");
                    return 1;
                }
            }
            printKpis(out, app);
            out.println("\nnothing was changed");
            return 0;
        } catch (Exception e) {
            if (Commands.configurationProblem(e) != null) {
                throw e;
            }
            out.println("snapmask plan: " + e.getMessage());
            return 1;
        }
    }
}
