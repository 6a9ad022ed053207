package snapmask.testing;

import snapmask.schema.Sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A source database holding every column type and character set the engine has, with the edge
 * values of each: NULL, empty, min/max, zero dates, negative zero, the bytes LOAD DATA escapes
 * (\0 \t \n \r \\), 4-byte UTF-8, and a 20 MB text and a 20 MB blob. No column looks personal, so
 * rules that keep everything copy it all. Written with a lax sql_mode, as old production data is.
 */
public final class FidelitySample {

    /** Bytes that LOAD DATA's escaping must carry: NUL, tab, newline, CR, backslash, and the \N marker. */
    private static final String AWKWARD = "CONCAT('a', CHAR(0), 'b', CHAR(9), 'c', CHAR(10), 'd', CHAR(13), 'e', CHAR(92), 'f', CHAR(92), 'N')";

    /** Per character set: a column and a value in its own script; the server converts from utf8mb4. */
    private static final String[][] CHARSETS = {
            {"utf8mb4", "'日本語テキスト 😀 𠮷野家 Ünïcödé'"},
            {"utf8mb3", "'日本語 Ünïcödé'"},
            {"latin1", "CONCAT('Größe ', UNHEX('818D8F909D'))"},
            {"sjis", "'日本語のテキスト ｶﾀｶﾅ'"},
            {"cp932", "'①②③ 髙﨑'"},
            {"ujis", "'日本語のテキスト'"},
            {"eucjpms", "'日本語 ①'"},
            {"greek", "'Καλημέρα κόσμε'"},
            {"hebrew", "'שלום עולם'"},
            {"tis620", "'สวัสดีชาวโลก'"},
            {"armscii8", "'Բարեւ աշխարհ'"},
            {"geostd8", "'გამარჯობა'"},
            {"keybcs2", "'Příliš žluťoučký kůň'"},
            {"swe7", "'ÅÄÖ åäö'"},
            {"cp1251", "'Привет мир'"},
            {"koi8r", "'Привет'"},
            {"big5", "'繁體中文'"},
            {"gbk", "'简体中文'"},
            {"gb2312", "'中文'"},
            {"euckr", "'한국어'"},
            {"ucs2", "'UCS-2 ü'"},
            {"utf16", "'UTF-16 😀'"},
            {"utf16le", "'UTF-16LE 😀'"},
            {"utf32", "'UTF-32 😀'"},
            {"ascii", "'plain ascii'"},
    };

    private FidelitySample() {
    }

    /** Creates {@code database} on {@code engine} (dropped first). */
    public static void create(Engine engine, String database) {
        engine.recreate(database);
        List<String> sql = new ArrayList<>();
        String db = Sql.name(database) + ".";
        sql.add("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO', SESSION time_zone = '+00:00'");

        sql.add("CREATE TABLE " + db + "numbers (id INT PRIMARY KEY, ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT,"
                + " mi MEDIUMINT, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED, d65 DECIMAL(65,30), d DECIMAL(10,2),"
                + " f FLOAT, fp FLOAT(10,4), db DOUBLE, b1 BIT(1), b64 BIT(64), y YEAR, bool_ BOOLEAN)");
        sql.add("INSERT INTO " + db + "numbers VALUES"
                + " (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, b'0', b'0', 0, 0),"
                + " (1, -128, 255, -32768, -8388608, -2147483648, 4294967295, -9223372036854775808, 18446744073709551615,"
                + " '-99999999999999999999999999999999999.999999999999999999999999999999', -99999999.99,"
                + " 16777216, 123456.7891, 0.1, b'1', b'1111111111111111111111111111111111111111111111111111111111111111', 1901, 1),"
                + " (2, 127, 0, 32767, 8388607, 2147483647, 0, 9223372036854775807, 0,"
                + " '99999999999999999999999999999999999.999999999999999999999999999999', 99999999.99,"
                + " 123456.7890625, -123.4567, -1.5e300, b'0', b'1000000000000000000000000000000000000000000000000000000000000001', 2155, 0),"
                + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                + " (4, 1, 1, 1, 1, 1, 1, 1, 1, 0.000000000000000000000000000001, 0.01, 3.4028234e38, 0, 1.7976931348623157e308,"
                + " NULL, b'101', 2000, NULL),"
                + " (5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.17549435e-38, 1, 4.9e-324, NULL, NULL, 1999, NULL),"
                + " (6, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.1, 1, 0.30000000000000004, NULL, NULL, 99, NULL)");
        // negative zero is stored by neither engine's parser from a literal; arithmetic produces it
        sql.add("INSERT INTO " + db + "numbers (id, f, db) VALUES (7, -1e-50 * 1e-300, -1e-200 * 1e-200)");
        // YEAR 0000 is a valid value of its own, distinct from 2000
        sql.add("UPDATE " + db + "numbers SET y = 0 WHERE id = 0");

        // stored under a lax sql_mode, as by a production that began on MySQL 5.x: the edge of a FLOAT(M,D)'s
        // range (99999999.9999 is stored as the float 1e8), and an ENUM's error value (index 0, read as '')
        sql.add("CREATE TABLE " + db + "edges (id INT PRIMARY KEY, f_md FLOAT(12,4), d_md DOUBLE(20,4), e2 ENUM('a', 'b') NOT NULL,"
                + " e3 ENUM('x', 'y'), d_invalid DATE)");
        sql.add("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,ALLOW_INVALID_DATES'");
        sql.add("INSERT INTO " + db + "edges VALUES (1, 99999999.9999, 9999999999999999.9999, 'a', 'x', '2024-02-30'),"
                + " (2, -99999999.9999, -9999999999999999.9999, 'not a member', 'no', '2023-04-31'), (3, 1.5, 0.25, 'b', NULL, NULL),"
                + " (4, NULL, NULL, 'neither', 'y', '2024-02-29')");
        sql.add("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'");

        sql.add("CREATE TABLE " + db + "times (id INT PRIMARY KEY, d DATE, dt DATETIME, dt6 DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL,"
                + " t TIME, t6 TIME(6))");
        sql.add("INSERT INTO " + db + "times VALUES"
                + " (1, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '00:00:00', '00:00:00'),"
                + " (2, '1000-01-01', '1000-01-01 00:00:00', '1000-01-01 00:00:00.000001', '1970-01-01 00:00:01', '-838:59:59', '-838:59:58.999999'),"
                + " (3, '9999-12-31', '9999-12-31 23:59:59', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999', '838:59:59', '838:59:58.999999'),"
                + " (4, '2024-02-29', '2024-03-31 01:30:00', '2024-10-27 02:30:00.5', '2024-03-31 01:30:00.123456', '12:34:56', '-00:00:00.5'),"
                + " (5, '2024-00-00', '2024-00-15 10:00:00', '2024-06-00 00:00:00', NULL, NULL, NULL),"
                + " (6, NULL, NULL, NULL, NULL, NULL, NULL)");

        StringBuilder texts = new StringBuilder("CREATE TABLE " + db + "texts (id INT PRIMARY KEY");
        for (String[] cs : CHARSETS) {
            texts.append(", c_").append(cs[0]).append(" VARCHAR(100) CHARACTER SET ").append(cs[0]);
        }
        texts.append(", ch CHAR(10), tt TINYTEXT, mt MEDIUMTEXT, e ENUM('', 'a', 'b c', 'ü'), s SET('x', 'y', 'z'),"
                + " bin_coll VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin) DEFAULT CHARSET=utf8mb4");
        sql.add(texts.toString());
        StringBuilder values = new StringBuilder();
        for (String[] cs : CHARSETS) {
            values.append(", CONVERT(").append(cs[1]).append(" USING ").append(cs[0]).append(")");
        }
        sql.add("INSERT INTO " + db + "texts VALUES (1" + values + ", 'trailing  ', 'tiny', 'medium', 'ü', 'x,z', 'Bin')");
        StringBuilder awkward = new StringBuilder();
        for (String[] cs : CHARSETS) {
            awkward.append(", CONVERT(").append(AWKWARD).append(" USING ").append(cs[0]).append(")");
        }
        sql.add("INSERT INTO " + db + "texts VALUES (2" + awkward + ", '', " + AWKWARD + ", '\\\\N', '', '', 'bin')");
        StringBuilder empty = new StringBuilder();
        StringBuilder nulls = new StringBuilder();
        for (int i = 0; i < CHARSETS.length; i++) {
            empty.append(", ''");
            nulls.append(", NULL");
        }
        sql.add("INSERT INTO " + db + "texts VALUES (3" + empty + ", ' ', '', '', 'b c', 'x,y,z', ''),"
                + " (4" + nulls + ", NULL, NULL, NULL, NULL, NULL, NULL)");

        sql.add("CREATE TABLE " + db + "bytes (id INT PRIMARY KEY, bn BINARY(16), vb VARBINARY(300), tb TINYBLOB, b BLOB,"
                + " mb MEDIUMBLOB, lb LONGBLOB)");
        sql.add("INSERT INTO " + db + "bytes VALUES"
                + " (1, UNHEX('00000000000000000000000000000000'), UNHEX('" + allBytes() + "'), UNHEX('" + allBytes() + "'),"
                + " UNHEX('" + allBytes() + "'), UNHEX('5C4E'), UNHEX('FF00')),"
                + " (2, UNHEX('FF'), '', '', '', '', ''),"
                + " (3, NULL, NULL, NULL, NULL, NULL, NULL)");

        sql.add("CREATE TABLE " + db + "docs (id INT PRIMARY KEY, j JSON)");
        sql.add("INSERT INTO " + db + "docs VALUES"
                + " (1, '{\"b\": 1, \"a\": [1, 2.5, -0.0, 1e300, \"x\\\\u0000y\", null, true, false], \"n\": {\"k\": \"日本 😀\"}}'),"
                + " (2, '[]'), (3, '{}'), (4, '\"just a string\"'), (5, 'null'), (6, NULL), (7, '12345678901234567890'),"
                + " (8, '{\"tab\": \"a\\\\tb\", \"quote\": \"\\\\\"\", \"backslash\": \"\\\\\\\\\"}')");

        sql.add("CREATE TABLE " + db + "shapes (id INT PRIMARY KEY, g GEOMETRY, p POINT, ls LINESTRING, poly POLYGON,"
                + " mp MULTIPOINT, gc GEOMETRYCOLLECTION)");
        sql.add("INSERT INTO " + db + "shapes VALUES"
                + " (1, ST_GeomFromText('POINT(1.5 -2.25)'), ST_GeomFromText('POINT(0 0)'),"
                + " ST_GeomFromText('LINESTRING(0 0, 1 1, 2 0.5)'), ST_GeomFromText('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))'),"
                + " ST_GeomFromText('MULTIPOINT((1 1), (2 2))'),"
                + " ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1), LINESTRING(0 0, 1 1))')),"
                + " (2, NULL, NULL, NULL, NULL, NULL, NULL)");

        // 20 MB each, in rows of their own so one INSERT of a row stays under max_allowed_packet
        sql.add("CREATE TABLE " + db + "big (id INT PRIMARY KEY, txt LONGTEXT, blb LONGBLOB) DEFAULT CHARSET=utf8mb4");
        sql.add("INSERT INTO " + db + "big VALUES (1, REPEAT(CONCAT('日本語 😀 ', " + AWKWARD + "), 20 * 1024 * 1024 DIV 28), NULL),"
                + " (2, NULL, REPEAT(UNHEX('" + allBytes() + "'), 20 * 4096))");

        if (engine.isMariaDb()) {
            sql.add("CREATE TABLE " + db + "addresses (id INT PRIMARY KEY, i6 INET6, i4 INET4, u UUID)");
            sql.add("INSERT INTO " + db + "addresses VALUES (1, '::1', '127.0.0.1', '123e4567-e89b-12d3-a456-426614174000'),"
                    + " (2, '2001:db8::ff00:1', '0.0.0.0', '00000000-0000-0000-0000-000000000000'),"
                    + " (3, '::ffff:192.0.2.1', '255.255.255.255', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),"
                    + " (4, 'fe80::1:2:3:4', NULL, NULL), (5, NULL, NULL, NULL)");
            // MySQL takes these defaults only as expressions
            sql.add("CREATE TABLE " + db + "defaults (id INT PRIMARY KEY, t TEXT DEFAULT 'it''s', b BLOB DEFAULT 'ab',"
                    + " j JSON DEFAULT '{\"a\": 1}', lt LONGTEXT NOT NULL DEFAULT '', c TEXT COMPRESSED)");
            sql.add("INSERT INTO " + db + "defaults (id, c) VALUES (1, REPEAT('compressed ', 100))");
        } else {
            // MySQL's JSON keeps types its text cannot say: these read back as other values or types from text
            sql.add("CREATE TABLE " + db + "typed_docs (id INT PRIMARY KEY, j JSON)");
            sql.add("INSERT INTO " + db + "typed_docs VALUES"
                    + " (1, JSON_OBJECT('big', 1.2345678901234567e32, 'dec', CAST('0.333333333333333333333333333333' AS DECIMAL(65,30)),"
                    + " 'price', CAST('12.50' AS DECIMAL(10,2)), 'zero', CAST('0.000' AS DECIMAL(5,3)))),"
                    + " (2, JSON_ARRAY(CAST('2024-01-02' AS DATE), CAST('2024-01-02 03:04:05.123456' AS DATETIME(6)),"
                    + " CAST('10:11:12' AS TIME), CAST(x'00ff' AS BINARY))),"
                    + " (3, JSON_OBJECT('user_id', CAST(5 AS UNSIGNED), 'a \"quoted\" key', JSON_ARRAY(CAST('1.10' AS DECIMAL(4,2))))),"
                    + " (4, CAST(CAST('7.25' AS DECIMAL(3,2)) AS JSON)), (5, '{\"plain\": [1, 2.5, \"x\", true, null]}'), (6, NULL)");
            sql.add("CREATE TABLE " + db + "places (id INT PRIMARY KEY, g POINT NOT NULL SRID 4326, SPATIAL KEY (g))");
            sql.add("INSERT INTO " + db + "places VALUES (1, ST_GeomFromText('POINT(52.5 13.4)', 4326))");
        }
        engine.execute(sql.toArray(String[]::new));
    }

    /** Every byte value once, as hex. */
    private static String allBytes() {
        StringBuilder hex = new StringBuilder();
        for (int b = 0; b < 256; b++) {
            hex.append(String.format("%02X", b));
        }
        return hex.toString();
    }
}
