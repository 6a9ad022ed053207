package snapmask;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import snapmask.run.RunContext;
import snapmask.testing.Engine;
import snapmask.testing.PrivilegedDatabase;
import snapmask.testing.TestApp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The accounts made with exactly the GRANTs docs/runbook.md lists (Configure) are enough for a
 * whole refresh, BI account included, on every engine: nothing needs root.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("snapmask.testing.Engine#selected")
class DocumentedGrantsTest {

    private static final String ANALYTICS = "analytics_grants";

    @Parameter
    Engine engine;

    /** The runbook's SQL block, with this test's names. */
    private static List<String> runbookGrants() throws Exception {
        String runbook = Files.readString(Path.of("docs/runbook.md"));
        String block = runbook.substring(runbook.indexOf("```sql", runbook.indexOf("## Configure")) + 6);
        block = block.substring(0, block.indexOf("```"));
        return Arrays.stream(block.split(";")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.replace("`production`", "`" + PrivilegedDatabase.PRODUCTION + "`")
                        .replace("`analytics`", "`" + ANALYTICS + "`")
                        .replace("`analytics\\_\\_", "`analytics\\_grants\\_\\_")
                        .replace("`snapmask`.*", "`" + ANALYTICS + "_history`.*")
                        .replace("'@'%'", "'@'127.0.0.1'"))
                .toList();
    }

    @Test
    void a_refresh_with_the_documented_accounts_succeeds() throws Exception {
        PrivilegedDatabase server = PrivilegedDatabase.on(engine);
        for (String user : List.of("snapmask_source", "snapmask_loader", "bi_grants")) {
            server.dropUser(user);
        }
        server.runAsRoot("DROP DATABASE IF EXISTS " + ANALYTICS, "DROP DATABASE IF EXISTS " + ANALYTICS + "_history");
        List<String> grants = runbookGrants();
        assertThat(grants).as("the runbook's statements").hasSize(11);
        server.runAsRoot(grants.toArray(String[]::new));

        Map<String, String> settings = TestApp.settings(ANALYTICS, null, engine);
        settings.put("snapmask.local.url", server.jdbcUrl());
        settings.put("snapmask.local.user", "snapmask_source");
        settings.put("snapmask.local.password", "a long random password");
        settings.put("snapmask.local.database", PrivilegedDatabase.PRODUCTION);
        settings.put("snapmask.analytics.url", server.jdbcUrl());
        settings.put("snapmask.analytics.user", "snapmask_loader");
        settings.put("snapmask.analytics.password", "another long random password");
        settings.put("snapmask.analytics.bi-user", "bi_grants");
        settings.put("snapmask.analytics.bi-host", "127.0.0.1");
        settings.put("snapmask.analytics.bi-password", "bi-password");
        RunContext run;
        try (TestApp app = TestApp.start(settings)) {
            run = app.refresh();
        }
        assertThat(run.failure()).isNull();
        assertThat(run.status()).isEqualTo(RunContext.Status.SUCCEEDED);
        assertThat(run.rowsPerTable()).containsEntry("users", (long) PrivilegedDatabase.SAMPLE_USERS);
    }
}
