package snapmask.mask;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The secret of the hash rule, turned into what HMAC-SHA256 needs so that the server can compute
 * it with SHA2() alone: HMAC(K, m) = SHA256((K ^ opad) || SHA256((K ^ ipad) || m)). MySQL and
 * MariaDB have SHA2 but no HMAC. The key itself is never printed.
 */
public final class HashKey {

    private static final int BLOCK = 64;
    private final byte[] key;

    public HashKey(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the hash key must be at least 16 characters");
        }
        byte[] raw = secret.getBytes(StandardCharsets.UTF_8);
        this.key = raw.length > BLOCK ? sha256(raw) : raw;
    }

    /**
     * SQL for the lower-case hex HMAC-SHA256 of the bytes of {@code valueSql}, with the pads read
     * from the session's {@link SessionSecret} table, never written into the SQL.
     */
    static String hmacSql(String valueSql) {
        return "SHA2(CONCAT(" + SessionSecret.OUTER + ", UNHEX(SHA2(CONCAT(" + SessionSecret.INNER + ", " + valueSql
                + "), 256))), 256)";
    }

    /** A key for one run when none is configured: noise then differs from night to night. */
    public static HashKey random() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return new HashKey(HexFormat.of().formatHex(bytes));
    }

    /** The same HMAC computed here, for tests and for checking the server's answer. */
    public String hmacHex(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key XOR {@code with}, as HMAC uses it (0x36 inner, 0x5c outer). */
    byte[] pad(int with) {
        byte[] block = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            block[i] = (byte) ((i < key.length ? key[i] : 0) ^ with);
        }
        return block;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "HashKey(hidden)";
    }
}
