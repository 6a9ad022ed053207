package snapmask.load;

import snapmask.schema.SchemaReader;
import snapmask.schema.SchemaReader.Column;
import snapmask.schema.Sql;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one column's values travel from the masked copy into analytics without changing. Values
 * go as the raw bytes of the text protocol, which is exact for strings in every character set
 * (the bytes are never decoded), binaries, DECIMAL, DOUBLE, dates and times. Some types need help:
 *
 * <ul>
 * <li>FLOAT: the server prints about 6 digits; read as DOUBLE, the exact value travels and the
 *     target's FLOAT rounds it back to the very same float.</li>
 * <li>FLOAT(M,D) and DOUBLE(M,D): a value at the edge of the range (FLOAT(12,4)'s 99999999.9999 is
 *     stored as the float 1e8) reads as more than the column's largest value, which the target
 *     refuses as out of range; the largest value is sent instead, and it parses to the same number.</li>
 * <li>ENUM: a lax production stores a value that is not a member as the error value (index 0,
 *     read as ''). The strict load can store it only with a warning (1265), so those values are
 *     counted as they are sent and exactly that many of those warnings are taken as the copy of them.</li>
 * <li>BIT: sent as its number; as text the digits' bytes would be stored.</li>
 * <li>JSON on MySQL, INET4/INET6/UUID on MariaDB: the load sends bytes as binary strings, which these
 *     types refuse or read as their binary form (a 16-character address would become another
 *     address); they are converted back to text first.</li>
 * </ul>
 *
 * @param name   the column
 * @param select what the copy reads from the source
 * @param load   how the target turns the sent value ({@code %s}) into the column's value
 * @param ascii  the value's text is plain ASCII (numbers, dates, times): an INSERT sends it as a
 *               string, because MySQL reads a number from a binary string through a DOUBLE and
 *               would round a DECIMAL(65,30) or a large BIGINT
 * @param largest for FLOAT(M,D) and DOUBLE(M,D), the largest value the column takes; else null
 * @param emptyIsEnumError the column is an ENUM without '' among its members: an empty value is its error value
 * @param negativeZeroLost a FLOAT or DOUBLE into a server that reads a negative zero as 0 (MariaDB 10.11; 11.4
 *                         keeps it), whoever loads it
 */
public record ColumnTransfer(String name, String select, String load, boolean ascii, BigDecimal largest,
                             boolean emptyIsEnumError, boolean negativeZeroLost) {

    /** A column for which the copy's text goes as it is read. */
    public ColumnTransfer(String name, String select, String load, boolean ascii) {
        this(name, select, load, ascii, null, false, false);
    }

    private static final Set<String> ASCII_TYPES = Set.of("tinyint", "smallint", "mediumint", "int",
            "integer", "bigint", "decimal", "numeric", "float", "double", "real", "bit", "year", "date", "datetime",
            "timestamp", "time", "bool", "boolean");

    private static final String AS_SENT = "%s";

    /** The source's writable columns (generated ones are the target's to compute), each with its transfer. */
    public static List<ColumnTransfer> forTable(Connection from, String fromDb, Connection to, String toDb, String table)
            throws SQLException {
        Map<String, Column> target = new SchemaReader(to).columns(toDb, table);
        boolean losesNegativeZero = !"-0".equals(Sql.text(to, "SELECT CAST(CAST('-0' AS DOUBLE) AS CHAR)"));
        List<ColumnTransfer> transfers = new ArrayList<>();
        for (Column column : new SchemaReader(from).columns(fromDb, table).values()) {
            if (!column.generated()) {
                transfers.add(between(column, target.get(column.name()), losesNegativeZero));
            }
        }
        return transfers;
    }

    /** The transfer for a source column into the target's column of the same name. */
    public static ColumnTransfer between(Column source, Column target, boolean targetLosesNegativeZero) {
        String quoted = Sql.name(source.name());
        String sourceType = baseType(source.type());
        String targetType = baseType(target.type());
        String select = switch (sourceType) {
            case "float" -> "CAST(" + quoted + " AS DOUBLE)";
            case "bit" -> "CAST(" + quoted + " AS UNSIGNED)";
            default -> quoted;
        };
        String load = switch (targetType) {
            case "bit" -> "CAST(%s AS UNSIGNED)";
            case "json" -> "CONVERT(%s USING utf8mb4)";
            case "inet4", "inet6", "uuid" -> "CONVERT(%s USING ascii)";
            default -> AS_SENT;
        };
        return new ColumnTransfer(source.name(), select, load, ASCII_TYPES.contains(targetType), largest(target.type()),
                targetType.equals("enum") && !members(target.type()).contains(""),
                targetLosesNegativeZero && REALS.contains(targetType));
    }

    private static final Set<String> REALS = Set.of("float", "double", "real");
    /** True when {@code value} (as sent) is a negative zero that this column's server stores as 0. */
    public boolean losesNegativeZero(byte[] value) {
        return negativeZeroLost && value != null && value.length > 0 && value[0] == '-' && isZero(value);
    }

    /** True for the text of a zero, negative or not ("-0", "-0.0000" of a DOUBLE(M,D), "0"). */
    static boolean isZero(byte[] text) {
        boolean digit = false;
        for (byte b : text) {
            if (b == 'e' || b == 'E') {
                break;
            }
            if (b >= '1' && b <= '9') {
                return false;
            }
            digit |= b == '0';
        }
        return digit;
    }

    /** The value to send for one the copy read: itself, or the column's largest value for one just beyond it. */
    public byte[] outgoing(byte[] value) {
        if (largest == null || value == null) {
            return value;
        }
        BigDecimal number = new BigDecimal(new String(value, StandardCharsets.ISO_8859_1));
        if (number.abs().compareTo(largest) <= 0) {
            return value;
        }
        return (number.signum() < 0 ? largest.negate() : largest).toPlainString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** True when {@code value} (as read) is this ENUM column's error value. */
    public boolean isEnumErrorValue(byte[] value) {
        return emptyIsEnumError && value != null && value.length == 0;
    }

    /** FLOAT(M,D) and DOUBLE(M,D) take at most M - D digits before the point and D after it. */
    private static BigDecimal largest(String columnType) {
        Matcher m = SCALED_REAL.matcher(columnType.toLowerCase(Locale.ROOT));
        if (!m.find()) {
            return null;
        }
        int digits = Integer.parseInt(m.group(2));
        int scale = Integer.parseInt(m.group(3));
        return BigDecimal.TEN.pow(digits - scale).subtract(BigDecimal.ONE.movePointLeft(scale)).setScale(scale);
    }

    private static final Pattern SCALED_REAL = Pattern.compile("^(float|double|real)\\((\\d+),(\\d+)\\)");

    /** The members of an ENUM's column type, e.g. {@code enum('a','it''s')}. */
    static List<String> members(String columnType) {
        List<String> members = new ArrayList<>();
        StringBuilder member = null;
        String type = columnType.substring(columnType.indexOf('('));
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (member == null) {
                if (c == '\'') {
                    member = new StringBuilder();
                }
            } else if (c == '\'' && i + 1 < type.length() && type.charAt(i + 1) == '\'') {
                member.append('\'');
                i++;
            } else if (c == '\'') {
                members.add(member.toString());
                member = null;
            } else {
                member.append(c);
            }
        }
        return members;
    }

    /** True when the sent value is the column's value as it is. */
    public boolean loadsAsSent() {
        return AS_SENT.equals(load);
    }

    /** The column's value made from {@code value} (a placeholder or a user variable). */
    public String loadFrom(String value) {
        return load.replace("%s", value);
    }

    private static String baseType(String columnType) {
        String type = columnType.toLowerCase(Locale.ROOT);
        int end = 0;
        while (end < type.length() && Character.isLetterOrDigit(type.charAt(end))) {
            end++;
        }
        return type.substring(0, end);
    }
}
