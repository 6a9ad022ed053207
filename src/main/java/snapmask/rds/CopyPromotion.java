package snapmask.rds;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.config.MySqlServer;
import snapmask.load.BiAccount;
import snapmask.mask.MaskPlan;
import snapmask.step.RunNotes;
import snapmask.run.RunHistory;
import snapmask.schema.FunctionCopier;
import snapmask.schema.SchemaReader;
import snapmask.schema.Sql;
import snapmask.schema.ViewCopier;
import snapmask.source.RestoredCopy;
import snapmask.source.SourceException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.function.Function;

/**
 * snapmask.output=promote, on the copy's side: before the masked copy takes the analytics
 * instance's name it must be what analytics is — scrubbed like a published snapshot, the masked
 * schema under the analytics database's name, the run history carried over (with a marker that
 * only the copy has, so the switch of the endpoint can be seen), the BI account, and the master
 * password snapmask's analytics settings log in with.
 */
public class CopyPromotion {

    private static final Logger LOG = LoggerFactory.getLogger(CopyPromotion.class);

    private final CopyScrub scrub;
    private final RunHistory history;
    private final MySqlServer analytics;
    private final String analyticsDb;
    /** The analytics settings' BI account, on a given server (the copy). */
    private final Function<MySqlServer, BiAccount> biAccount;
    private final java.time.Clock clock;

    public CopyPromotion(CopyScrub scrub, RunHistory history, MySqlServer analytics, String analyticsDb,
                         Function<MySqlServer, BiAccount> biAccount, java.time.Clock clock) {
        this.clock = clock;
        this.scrub = scrub;
        this.history = history;
        this.analytics = analytics;
        this.analyticsDb = analyticsDb;
        this.biAccount = biAccount;
    }

    public void prepare(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("copy") RestoredCopy copy,
                        @Variable("plan") MaskPlan plan) {
        scrub.scrub(run, copy, plan);
        try (Connection c = copy.server().connect(null)) {
            String master = currentUser(c);
            if (!master.equals(analytics.user())) {
                throw new SourceException("with snapmask.output=promote, snapmask.analytics.user must be the instances' master user"
                        + " (" + master + "), whose password snapmask sets to snapmask.analytics.password on the promoted copy;"
                        + " it is " + analytics.user(), null);
            }
            renameSchema(c, copy.database());
            history.copyTo(c, run.id());
            LOG.info("run {}: {} prepared for promotion: {} as {}, the history carried over", run.id(), copy.name(),
                    copy.database(), analyticsDb);
        } catch (SQLException e) {
            throw new SourceException("preparing " + copy.name() + " to become the analytics instance failed; the analytics"
                    + " instance is unchanged: " + e.getMessage(), e);
        }
        biAccount.apply(copy.server()).ensure();
        try (Connection c = copy.server().connect(null);
             PreparedStatement password = c.prepareStatement("ALTER USER CURRENT_USER() IDENTIFIED BY ?")) {
            // last: from here on the copy answers snapmask's analytics settings, and no longer the run's random password
            password.setString(1, analytics.password());
            password.execute();
        } catch (SQLException e) {
            throw new SourceException("setting the promoted copy's master password failed: " + e.getMessage(), e);
        }
    }

    /** True once snapmask.analytics.url answers from the promoted copy (its endpoint name moved); null until then. */
    public Boolean serving(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("readyBy") Instant readyBy) {
        if (history.marked(run.id())) {
            LOG.info("run {}: {} now answers from the promoted copy", run.id(), analytics.where());
            return true;
        }
        if (clock.instant().isAfter(readyBy)) {
            throw new SourceException(analytics.where() + " did not answer from the promoted copy within the wait"
                    + " (snapmask.rds.ready-timeout-s): the endpoint name has not moved yet; Metabase may still see the old instance", null);
        }
        return null;
    }

    /** The masked database under the analytics database's name, table by table (triggers are gone, so no ERROR 1435). */
    private void renameSchema(Connection c, String masked) throws SQLException {
        if (masked.equals(analyticsDb)) {
            return;
        }
        Sql.execute(c, "CREATE DATABASE " + Sql.name(analyticsDb));
        SchemaReader schema = new SchemaReader(c);
        for (String table : schema.tables(masked)) {
            Sql.execute(c, "RENAME TABLE " + Sql.name(masked) + "." + Sql.name(table) + " TO " + Sql.name(analyticsDb) + "."
                    + Sql.name(table));
        }
        FunctionCopier.copy(c, masked, c, analyticsDb);
        ViewCopier.copy(c, masked, c, analyticsDb);
        Sql.execute(c, "DROP DATABASE " + Sql.name(masked));
    }

    private static String currentUser(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT CURRENT_USER()")) {
            rs.next();
            String current = rs.getString(1);
            return current.substring(0, current.lastIndexOf('@'));
        }
    }
}
