package snapmask.testing;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import snapmask.Snapmask;
import snapmask.run.RunContext;
import snapmask.run.RunLedger;

import java.util.HashMap;
import java.util.Map;

/**
 * The real snapmask application (routes, beans, config/application.properties) started in the
 * test JVM against the test database and, when given, a GreenMail server. The schedule is off
 * unless a test turns it on.
 */
public final class TestApp implements AutoCloseable {

    private final Main main;

    private TestApp(Main main) {
        this.main = main;
    }

    /** Settings that point snapmask at the test database, loading into {@code analyticsDb}. */
    public static Map<String, String> settings(String analyticsDb, GreenMailExtension mail) {
        Map<String, String> settings = new HashMap<>();
        settings.put("snapmask.local.url", TestDatabase.jdbcUrl());
        settings.put("snapmask.local.user", "root");
        settings.put("snapmask.local.database", TestDatabase.sampleProduction());
        settings.put("snapmask.analytics.url", TestDatabase.jdbcUrl());
        settings.put("snapmask.analytics.user", "root");
        settings.put("snapmask.analytics.database", analyticsDb);
        settings.put("snapmask.schedule.enabled", "false");
        settings.put("snapmask.mail.host", "127.0.0.1");
        settings.put("snapmask.mail.port", mail == null ? "1" : String.valueOf(mail.getSmtp().getPort()));
        settings.put("snapmask.mail.to", "ops@example.com");
        settings.put("snapmask.mail.from", "snapmask@example.com");
        settings.put("snapmask.history.schema", analyticsDb + "_history");
        settings.put("snapmask.watch.enabled", "false");
        settings.put("snapmask.watch.state-file", TestDirs.of("test-watch/" + analyticsDb + ".properties").toString());
        settings.put("snapmask.mail.outbox", TestDirs.of("test-outbox/" + analyticsDb).toString());
        settings.put("snapmask.history.outbox", TestDirs.of("test-history-outbox/" + analyticsDb).toString());
        return settings;
    }

    /** {@link #settings(String, GreenMailExtension)} with production and analytics on {@code engine}. */
    public static Map<String, String> settings(String analyticsDb, GreenMailExtension mail, Engine engine) {
        Map<String, String> settings = settings(analyticsDb, mail);
        settings.put("snapmask.local.url", engine.jdbcUrl());
        settings.put("snapmask.local.database", engine.sampleProduction());
        settings.put("snapmask.analytics.url", engine.jdbcUrl());
        return settings;
    }

    /** Settings for the rds source against an {@link RdsFake}; the restored instance holds database {@code rds-restored}. */
    public static Map<String, String> rdsSettings(String analyticsDb, RdsFake rds, GreenMailExtension mail) {
        Map<String, String> settings = settings(analyticsDb, mail);
        settings.put("snapmask.source", "rds");
        settings.put("snapmask.rds.region", "eu-west-1");
        settings.put("snapmask.rds.endpoint-override", rds.url());
        settings.put("snapmask.rds.access-key-id", "AKIDTEST");
        settings.put("snapmask.rds.secret-access-key", "test-secret");
        settings.put("snapmask.rds.instance", "prod");
        settings.put("snapmask.rds.database", RDS_DATABASE);
        settings.put("snapmask.rds.subnet-group", "analytics-subnets");
        settings.put("snapmask.rds.security-groups", "sg-111, sg-222");
        settings.put("snapmask.rds.parameter-group", "mysql80-analytics");
        settings.put("snapmask.rds.availability-zone", "eu-west-1a");
        settings.put("snapmask.rds.poll-interval-ms", "50");
        settings.put("snapmask.rds.ready-timeout-s", "20");
        return settings;
    }

    /** Named with a hyphen, as some production databases are: it must be quoted wherever it goes. */
    public static final String RDS_DATABASE = "rds-restored";

    public static TestApp start(Map<String, String> settings) {
        return start(settings, null);
    }

    /** As {@link #start(Map)}, with {@code faults} able to fail any step of the refresh route. */
    public static TestApp start(Map<String, String> settings, FaultInjection faults) {
        Main main = Snapmask.create(settings);
        if (faults != null) {
            main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
                @Override
                public void afterConfigure(org.apache.camel.main.BaseMainSupport configured) {
                    configured.getCamelContext().getCamelContextExtension().addInterceptStrategy(faults);
                }
            });
        }
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("snapmask did not start: " + e.getMessage(), e);
        }
        return new TestApp(main);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** One refresh through the route, as run-once does; returns the finished run. */
    public RunContext refresh() {
        Exchange done = context().createProducerTemplate().send("direct:refresh",
                e -> e.getMessage().setHeader(RunLedger.TRIGGER_HEADER, "test"));
        return done.getProperty(RunContext.PROPERTY, RunContext.class);
    }

    /** One round of the watch's checks, as the timer of routes/bi-watch.camel.yaml runs it. */
    public void watchCheck() {
        context().createProducerTemplate().sendBody("direct:watch-check", null);
    }

    /** A masking hook that keeps the mask step busy for {@code seconds}, so a test can act during a run. */
    public static java.nio.file.Path slowMaskingHook(int seconds) {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("slow-hooks");
            java.nio.file.Files.writeString(dir.resolve("50-slow.sql"), "SELECT SLEEP(" + seconds + ");\n");
            return dir;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What `snapmask health` prints for these settings, after checking its exit code. */
    public static String health(Map<String, String> settings, int expectedExit) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int exit = snapmask.cli.Health.local(settings, new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        String output = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThat(exit).as(output).isEqualTo(expectedExit);
        return output;
    }

    public RunLedger ledger() {
        return context().getRegistry().lookupByNameAndType("runLedger", RunLedger.class);
    }

    @Override
    public void close() {
        main.stop();
    }
}
