package snapmask.mask;

import snapmask.schema.Sql;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
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
 * LOCAL gets nothing, and the run stops before any key-based rule runs. The masking UPDATEs join
 * the table ({@link #TABLE}) and name its two columns.
 */
public final class SessionSecret {

    public static final String TABLE = "snapmask_secret";
    /** HMAC's inner and outer pads: the key XOR 0x36 and XOR 0x5c, 64 bytes each. */
    public static final String INNER = "snapmask_ipad";
    public static final String OUTER = "snapmask_opad";

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
            if (!Sql.refusesLocalInfile(e)) {
                throw e;
            }
            // any statement that carried the pads would show them in the process list while it runs
            // (MySQL expands a prepared statement's parameters there), so there is no second way in
            throw new MaskingException("the temporary copy refuses LOAD DATA LOCAL (local_infile=0), the only way snapmask"
                    + " hands it the hash key without the key showing in its process list or logs; set local_infile=1 on it"
                    + " (for RDS: in the DB parameter group of the production instance it is restored from), or drop the hash,"
                    + " noise and fake rules", e);
        }
        if (Sql.count(c, "SELECT COUNT(*) FROM " + TABLE) != 1) {
            throw new MaskingException("the hash key did not reach the temporary copy's session", null);
        }
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
