package snapmask.run;

import org.junit.jupiter.api.Test;
import snapmask.cli.JmxClient;
import snapmask.ops.RefreshJob;
import snapmask.testing.ForkedSnapmask;
import snapmask.testing.MetabaseFake;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;

import javax.management.ObjectName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two snapmask services, each its own JVM, share one schedule (snapmask.cluster.enabled): every
 * fire runs on exactly one of them, and when the node running a refresh is killed (kill -9), the
 * other runs the next fires, the dead run is recorded ABANDONED and its copy swept. One node
 * watches (a BI tool that is down is alerted once, not by both), and says when its peer is gone;
 * run now on both nodes at once makes one run.
 */
class ClusteredScheduleTest {

    /** The cron fires every 4 s; a run's masking takes 2 s, so the test can kill a node mid-run. */
    private static final int EVERY = 4;
    private static final Pattern STARTED = Pattern.compile("run (\\S+): started \\(trigger: schedule\\)");

    @Test
    void every_fire_runs_on_one_node_and_the_survivor_takes_over_from_a_killed_one() throws Exception {
        Map<String, String> settings = TestApp.settings("analytics_ha", null);
        settings.put("snapmask.schedule.enabled", "true");
        settings.put("snapmask.schedule.cron", "0/" + EVERY + " * * * * ?");
        settings.put("snapmask.cluster.enabled", "true");
        // the shared schedule's tables in a database of their own (default: beside the run history)
        settings.put("snapmask.cluster.database", "analytics_ha_schedule");
        settings.put("snapmask.masking.hooks", TestApp.slowMaskingHook(2).toString());
        settings.put("snapmask.watch.enabled", "true");
        settings.put("snapmask.watch.interval", "1s");
        settings.put("snapmask.watch.failures", "1");
        settings.put("snapmask.watch.targets", "metabase");
        settings.put("snapmask.watch.metabase.url", "http://127.0.0.1:1/api/health");
        settings.remove("snapmask.watch.state-file");
        int firstJmx = MetabaseFake.freePort();
        int secondJmx = MetabaseFake.freePort();
        try (ForkedSnapmask first = ForkedSnapmask.start("service", settings, node("first", firstJmx));
             ForkedSnapmask second = ForkedSnapmask.start("service", settings, node("second", secondJmx))) {
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> count("1 = 1") >= 3);
            assertThat(TestDatabase.count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'analytics_ha_schedule'"
                    + " AND table_name = 'QRTZ_SCHEDULER_STATE'")).isEqualTo(1);
            assertThat(List.of(first.output(), second.output())).as("one node watches").filteredOn(o -> o.contains(METABASE_DOWN))
                    .hasSize(1);

            // run now on both nodes at once, the schedule paused (for the pair) and no run going: one run in the pair
            try (JmxClient a = JmxClient.connect("127.0.0.1:" + firstJmx, null, null);
                 JmxClient b = JmxClient.connect("127.0.0.1:" + secondJmx, null, null)) {
                a.connection().invoke(new ObjectName(RefreshJob.OBJECT_NAME), "pauseSchedule", null, null);
                assertThat(b.attribute("Schedule")).as("paused for the pair").isEqualTo("paused");
                await().atMost(Duration.ofSeconds(60)).until(() -> count("status = 'RUNNING'") == 0);
                CompletableFuture<String> onFirst = CompletableFuture.supplyAsync(() -> runNow(a));
                CompletableFuture<String> onSecond = CompletableFuture.supplyAsync(() -> runNow(b));
                List<String> answers = List.of(onFirst.get(60, TimeUnit.SECONDS), onSecond.get(60, TimeUnit.SECONDS));
                assertThat(answers).filteredOn(answer -> answer.startsWith("refused: another snapmask process is refreshing"))
                        .as(answers.toString()).hasSize(1);
                await().atMost(Duration.ofSeconds(60)).until(() -> count("status = 'RUNNING'") == 0);
                assertThat(count("run_trigger = 'jmx' AND status = 'SUCCEEDED'")).isEqualTo(1);
                assertThat(count("run_trigger = 'jmx' AND status = 'SKIPPED'")).isEqualTo(1);
                b.connection().invoke(new ObjectName(RefreshJob.OBJECT_NAME), "resumeSchedule", null, null);
            }

            String killed = await().atMost(Duration.ofSeconds(60)).until(() -> TestDatabase.rows(
                    "SELECT run_id FROM analytics_ha_history.runs WHERE status = 'RUNNING'").stream().map(r -> r.get("run_id"))
                    .filter(id -> startedBy(first, id) || startedBy(second, id)).findFirst().orElse(null), java.util.Objects::nonNull);
            ForkedSnapmask running = startedBy(first, killed) ? first : second;
            ForkedSnapmask survivor = running == first ? second : first;
            running.close();
            long firesBefore = count("1 = 1");

            await().atMost(Duration.ofSeconds(60)).until(() -> count("status = 'SUCCEEDED'") > 0
                    && count("status = 'ABANDONED' AND run_id = '" + killed + "'") == 1
                    && count("status = 'SUCCEEDED' AND started_at > (SELECT started_at FROM analytics_ha_history.runs WHERE run_id = '"
                    + killed + "')") > 0);
            assertThat(count("1 = 1")).isGreaterThan(firesBefore);
            assertThat(TestDatabase.databasesLike("snapmask\\_restore\\_" + killed.replace('-', '_'))).as("the dead run's copy").isEmpty();
            assertThat(startedRuns(survivor)).as("the survivor ran the fires after the kill").isNotEmpty();
            await("the survivor watches").atMost(Duration.ofSeconds(30)).until(() -> survivor.output().contains("watches for the pair"));
            String killedNode = running == first ? "first" : "second";
            await().atMost(Duration.ofSeconds(60)).until(() -> survivor.output().contains("watch: pair is DOWN"));
            assertThat(survivor.output()).contains("snapmask node " + killedNode + " is gone");

            // the killed node back under its name: the pair is whole again, still one run per fire
            try (ForkedSnapmask back = ForkedSnapmask.start("service", settings, node(killedNode, MetabaseFake.freePort()))) {
                long before = count("run_trigger = 'schedule'");
                await().atMost(Duration.ofSeconds(90)).until(() -> survivor.output().contains("watch: pair is back UP")
                        && count("run_trigger = 'schedule' AND status <> 'RUNNING'") >= before + 2);
                assertNoFireRanTwice(List.of(first, second, back));
            }
        }
    }

    /** Each fire's slot holds one scheduled run, and each scheduled run was started by exactly one of the {@code nodes}. */
    private static void assertNoFireRanTwice(List<ForkedSnapmask> nodes) {
        List<Map<String, String>> perFire = TestDatabase.rows("SELECT FLOOR(UNIX_TIMESTAMP(started_at) / " + EVERY
                + ") AS fire, COUNT(*) AS runs FROM analytics_ha_history.runs WHERE run_trigger = 'schedule' GROUP BY fire HAVING COUNT(*) > 1");
        assertThat(perFire).as("no fire ran twice").isEmpty();
        for (Map<String, String> run : TestDatabase.rows("SELECT run_id FROM analytics_ha_history.runs WHERE run_trigger = 'schedule'")) {
            assertThat(nodes.stream().filter(node -> startedBy(node, run.get("run_id")))).as("run " + run.get("run_id")
                    + " was started by exactly one node").hasSize(1);
        }
    }

    private static final String METABASE_DOWN = "watch: metabase is DOWN";

    /** A node's own name, watch state and JMX port (loopback, no login). */
    private static List<String> node(String name, int jmxPort) {
        return List.of("-Dsnapmask.cluster.node=" + name,
                "-Dsnapmask.watch.state-file=" + snapmask.testing.TestDirs.of("test-watch/analytics_ha-" + name + ".properties"),
                "-Dcom.sun.management.jmxremote.port=" + jmxPort, "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false");
    }

    /** The run id runNow answers, or why it refused. */
    private static String runNow(JmxClient node) {
        try {
            return node.runNow();
        } catch (Exception refused) {
            Throwable root = refused;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return String.valueOf(root.getMessage());
        }
    }

    private static long count(String condition) {
        return TestDatabase.count("SELECT COUNT(*) FROM analytics_ha_history.runs WHERE " + condition);
    }

    private static boolean startedBy(ForkedSnapmask node, String runId) {
        return startedRuns(node).contains(runId);
    }

    private static List<String> startedRuns(ForkedSnapmask node) {
        Matcher m = STARTED.matcher(node.output());
        List<String> ids = new java.util.ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
