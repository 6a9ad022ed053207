import snapmask.kpi.KpiBook;
import snapmask.kpi.KpiMeter;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a dashboard card costs on the analytics server: each KPI of the starter pack
 * (config/kpis-starter.yaml) answered from its summary, as shipped, and the same number from the raw
 * tables, as a card without the summaries would ask it; the median of 5 runs after one to warm up.
 * Run by bench/kpi-bench.sh after a refresh into DATABASE:
 *   java -cp CLASSPATH KpiCards ANALYTICS_URL USER PASSWORD DATABASE KPI_FILE
 */
public class KpiCards {

    /** The starter KPIs from the raw tables: the last complete day before the newest day of activity. */
    private static final String DAY = "(SELECT MAX(d) - INTERVAL 1 DAY FROM (SELECT MAX(DATE(created_at)) AS d FROM users"
            + " UNION ALL SELECT MAX(DATE(created_at)) FROM learning_histories UNION ALL SELECT MAX(DATE(started_at)) FROM taking_courses"
            + " UNION ALL SELECT MAX(DATE(completed_at)) FROM taking_courses UNION ALL SELECT MAX(DATE(published_at)) FROM posts"
            + " WHERE status = 'published') newest)";
    private static final Map<String, String> RAW = new LinkedHashMap<>();

    static {
        RAW.put("daily_signups", "SELECT COUNT(*) FROM users WHERE DATE(created_at) = " + DAY);
        RAW.put("daily_active_learners", "SELECT COUNT(DISTINCT user_id) FROM learning_histories WHERE DATE(created_at) = " + DAY);
        RAW.put("course_starts", "SELECT COUNT(*) FROM taking_courses WHERE DATE(started_at) = " + DAY);
        RAW.put("course_completions", "SELECT COUNT(*) FROM taking_courses WHERE DATE(completed_at) = " + DAY);
        RAW.put("posts_per_day", "SELECT COUNT(*) FROM posts WHERE status = 'published' AND DATE(published_at) = " + DAY);
        RAW.put("active_subscriptions", "SELECT `name`, COUNT(*) FROM subscriptions WHERE stripe_status = 'active' GROUP BY `name`"
                + " ORDER BY `name`");
    }

    public static void main(String[] args) throws Exception {
        KpiBook book = KpiBook.load(Path.of(args[4]));
        try (Connection c = DriverManager.getConnection(args[0] + args[3], args[1], args[2])) {
            for (KpiBook.Kpi kpi : book.kpis()) {
                String summary = kpi.sql();
                String raw = RAW.get(kpi.name());
                String a = answer(c, summary);
                String b = answer(c, raw);
                System.out.printf("kpi=%s summary_ms=%.1f raw_ms=%.1f same=%s value=%s%n", kpi.name(), median(c, summary),
                        median(c, raw), a.equals(b), a);
            }
        }
    }

    private static String answer(Connection c, String sql) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                for (int i = 1; i <= columns; i++) {
                    BigDecimal n = i == columns ? r.getBigDecimal(i) : null;
                    out.append(n == null ? r.getString(i) : n.stripTrailingZeros().toPlainString()).append(i == columns ? ";" : ":");
                }
            }
        }
        return out.toString();
    }

    private static double median(Connection c, String sql) throws Exception {
        answer(c, sql);
        double[] ms = new double[5];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            answer(c, sql);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[2];
    }
}
