package snapmask.mask;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.schema.Sql;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The hash key's HMAC pads, handed to the masking session of the temporary copy without ever
 * being part of a statement's text: the process list, the general and slow query logs and the
 * {@code plan} output show the masking SQL, and anyone who read the pads there could XOR them
 * back to the key and brute-force hashed e-mails and phone numbers in analytics.
 *
 * <p>The pads go into a TEMPORARY table (visible to this session only, gone with it) through
 * LOAD DATA LOCAL, whose data travels outside the statement. A server that refuses LOAD DATA
 * LOCAL gets them by a server-side prepared INSERT kept out of the general and slow logs; where
 * that cannot be promised, nothing, and the run stops before any key-based rule runs. The
 * masking UPDATEs join the table ({@link #TABLE}) and name its two columns.
 */
public final class SessionSecret {

    private static final Logger LOG = LoggerFactory.getLogger(SessionSecret.class);
    public static final String TABLE = "snapmask_secret";
    /** HMAC's inner and outer pads: the key XOR 0x36 and XOR 0x5c, 64 bytes each. */
    public static final String INNER = "snapmask_ipad";
    public static final String OUTER = "snapmask_opad";
    /** MariaDB's and MySQL's answers when LOAD DATA LOCAL is off. */
    private static final int ER_NOT_ALLOWED_COMMAND = 1148;
    private static final int ER_CLIENT_LOCAL_FILES_DISABLED = 3948;

    private SessionSecret() {
    }

    /** Creates {@value #TABLE} on {@code c} and fills it with the pads of {@code key}. */
    public static void install(Connection c, HashKey key) throws SQLException {
        Sql.execute(c, "DROP TEMPORARY TABLE IF EXISTS " + TABLE);
        Sql.execute(c, "CREATE TEMPORARY TABLE " + TABLE + " (" + INNER + " VARBINARY(64) NOT NULL, " + OUTER
                + " VARBINARY(64) NOT NULL)");
        byte[] inner = key.pad(0x36);
        byte[] outer = key.pad(0x5c);
        try {
            ByteArrayOutputStream row = new ByteArrayOutputStream();
            escaped(inner, row);
            row.write('\t');
            escaped(outer, row);
            row.write('\n');
            try (Statement st = c.createStatement()) {
                st.unwrap(com.mysql.cj.jdbc.JdbcStatement.class).setLocalInfileInputStream(new ByteArrayInputStream(row.toByteArray()));
                st.execute("LOAD DATA LOCAL INFILE 'snapmask-secret' INTO TABLE " + TABLE + " CHARACTER SET binary"
                        + " FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (" + INNER + ", " + OUTER + ")");
            }
        } catch (SQLException e) {
            if (e.getErrorCode() != ER_NOT_ALLOWED_COMMAND && e.getErrorCode() != ER_CLIENT_LOCAL_FILES_DISABLED) {
                throw e;
            }
            insertUnlogged(c, inner, outer);
        }
        if (Sql.count(c, "SELECT COUNT(*) FROM " + TABLE) != 1) {
            throw new MaskingException("the hash key did not reach the temporary copy's session", null);
        }
    }

    /**
     * Where LOAD DATA LOCAL is refused: a server-side prepared INSERT, kept out of the logs. The
     * general log is turned off for the session where the account may (SESSION_VARIABLES_ADMIN or
     * SUPER); where it may not (the RDS master user), the INSERT only goes ahead when the general
     * log is off for the whole server, as RDS has it unless someone turned it on. Raising the
     * session's long_query_time keeps it out of the slow query log; that needs no privilege.
     */
    private static void insertUnlogged(Connection c, byte[] inner, byte[] outer) throws SQLException {
        Sql.execute(c, "SET SESSION long_query_time = 31536000");
        boolean logOff;
        try {
            Sql.execute(c, "SET SESSION sql_log_off = ON");
            logOff = true;
        } catch (SQLException e) {
            logOff = false;
            if (Sql.count(c, "SELECT @@GLOBAL.general_log") != 0) {
                throw new MaskingException("the temporary copy refuses LOAD DATA LOCAL (local_infile=0), writes a general"
                        + " query log, and this account may not keep its statements out of it (SET SESSION sql_log_off needs"
                        + " SESSION_VARIABLES_ADMIN or SUPER), so snapmask cannot hand it the hash key without writing the key"
                        + " into that log; set local_infile=1 or general_log=0 in the DB parameter group the copy is restored"
                        + " with (for RDS: the production instance's), or drop the hash and noise rules", e);
            }
        }
        try (PreparedStatement ps = c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class)
                .serverPrepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?)")) {
            ps.setBytes(1, inner);
            ps.setBytes(2, outer);
            ps.executeUpdate();
        } finally {
            if (logOff) {
                Sql.execute(c, "SET SESSION sql_log_off = OFF");
            }
            Sql.execute(c, "SET SESSION long_query_time = DEFAULT");
        }
        LOG.info("the temporary copy refuses LOAD DATA LOCAL: the hash key went in by a prepared statement kept out of the logs");
    }

    private static void escaped(byte[] bytes, ByteArrayOutputStream out) {
        for (byte b : bytes) {
            switch (b) {
                case '\\' -> { out.write('\\'); out.write('\\'); }
                case '\t' -> { out.write('\\'); out.write('t'); }
                case '\n' -> { out.write('\\'); out.write('n'); }
                case '\r' -> { out.write('\\'); out.write('r'); }
                case 0 -> { out.write('\\'); out.write('0'); }
                default -> out.write(b);
            }
        }
    }
}
