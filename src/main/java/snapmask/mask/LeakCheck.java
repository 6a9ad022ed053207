package snapmask.mask;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.camel.ExchangeProperty;
import snapmask.run.RunContext;
import snapmask.schema.SchemaReader;
import snapmask.schema.Sql;
import snapmask.source.RestoredCopy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * After masking, before the load: for every masked column, the number of values that are not in
 * their masked form must be 0. Rules are idempotent, so "masked form" is the rule applied to the
 * current value, compared byte for byte (a case-insensitive collation would let a look-alike pass).
 * A failure names table, column and count, never a value.
 */
public class LeakCheck {

    private static final Logger LOG = LoggerFactory.getLogger(LeakCheck.class);
    private static final int SAMPLES = 3;

    private final Masker masker;

    public LeakCheck(Masker masker) {
        this.masker = masker;
    }

    public void verify(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        RestoredCopy copy = run.requireCopy();
        MaskingRules rules = masker.rules();
        Map<String, Long> leaks = new LinkedHashMap<>();
        try (Connection c = copy.server().connect(copy.database())) {
            SchemaReader schema = new SchemaReader(c);
            for (MaskRule rule : rules.all()) {
                long unmasked = Sql.count(c, "SELECT COUNT(*) FROM " + Sql.name(rule.table()) + " WHERE NOT (CAST("
                        + Sql.name(rule.column()) + " AS BINARY) <=> CAST(" + rule.expression("") + " AS BINARY))");
                if (unmasked > 0) {
                    leaks.put(rule.describe(), unmasked);
                } else {
                    run.masked(rule.describe(), samples(c, schema, copy.database(), rule));
                }
            }
        } catch (SQLException e) {
            throw new LeakCheckException("the leak check could not run on " + copy + ": " + e.getMessage(), e);
        }
        if (!leaks.isEmpty()) {
            StringBuilder message = new StringBuilder("personal data left unmasked, nothing was loaded:");
            leaks.forEach((column, count) -> message.append(' ').append(column).append(": ").append(count)
                    .append(" value(s) not in masked form;"));
            throw new LeakCheckException(message.toString(), null);
        }
        LOG.info("run {}: leak check passed for {} column(s)", run.id(), masker.rules().all().size());
    }

    /** A few masked values for the report; only called once the column passed the check. */
    private static List<String> samples(Connection c, SchemaReader schema, String database, MaskRule rule) throws SQLException {
        List<String> key = schema.primaryKey(database, rule.table());
        String order = key.isEmpty() ? "" : " ORDER BY " + Sql.names(key);
        List<String> samples = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + Sql.name(rule.column())
                + " FROM " + Sql.name(rule.table()) + " WHERE " + Sql.name(rule.column()) + " IS NOT NULL" + order
                + " LIMIT " + SAMPLES)) {
            while (rs.next()) {
                samples.add(rs.getString(1));
            }
        }
        return samples;
    }
}
