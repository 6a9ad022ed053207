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

    /** SQL for the lower-case hex HMAC-SHA256 of the bytes of {@code valueSql}. */
    String hmacSql(String valueSql) {
        return "SHA2(CONCAT(UNHEX('" + pad(0x5c) + "'), UNHEX(SHA2(CONCAT(UNHEX('" + pad(0x36) + "'), " + valueSql
                + "), 256))), 256)";
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

    /** A number derived from the key and a label, for deterministic noise. */
    String saltHex(String label) {
        return hmacHex("snapmask-noise:" + label).substring(0, 16);
    }

    private String pad(int with) {
        byte[] block = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            block[i] = (byte) ((i < key.length ? key[i] : 0) ^ with);
        }
        return HexFormat.of().formatHex(block);
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
