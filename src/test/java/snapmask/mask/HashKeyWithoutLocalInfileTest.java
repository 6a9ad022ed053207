package snapmask.mask;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import snapmask.config.MySqlServer;
import snapmask.run.RunContext;
import snapmask.source.RestoredCopy;
import snapmask.testing.Engine;
import snapmask.testing.TestRules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A temporary copy on MySQL 8 with {@code local_infile=0} and an account like RDS's master user,
 * which may not turn the general log off for its session: the hash key goes in when the server
 * writes no general log, and the run stops in mask, saying what to change, when it does.
 */
class HashKeyWithoutLocalInfileTest {

    private static final String DB = "mask_nolocal";
    private static final Engine MYSQL = Engine.MYSQL8;
    private static final HashKey KEY = new HashKey("correct horse battery staple");

    @BeforeEach
    void copyAndAccount() {
        MYSQL.recreate(DB);
        MYSQL.execute("CREATE TABLE " + DB + ".people (id INT PRIMARY KEY, email VARCHAR(255))",
                "INSERT INTO " + DB + ".people VALUES (1, 'taro@example.jp')",
                "SET GLOBAL local_infile = OFF",
                "DROP USER IF EXISTS 'master'@'127.0.0.1'",
                "CREATE USER 'master'@'127.0.0.1' IDENTIFIED BY 'master-pw'",
                "GRANT ALL ON " + DB + ".* TO 'master'@'127.0.0.1'");
    }

    @AfterEach
    void generalLogOff() {
        MYSQL.execute("SET GLOBAL general_log = OFF");
    }

    private RunContext mask() {
        RunContext run = new RunContext("test");
        MySqlServer master = new MySqlServer("test", MYSQL.jdbcUrl(), "master", "master-pw");
        run.copy(new RestoredCopy(DB, master, DB));
        new Masker(TestRules.write("tables:\n  people:\n    email: { kind: hash }\n"), KEY, MaskingHooks.none()).mask(run);
        return run;
    }

    @Test
    void without_a_general_log_the_key_goes_in_by_a_prepared_statement() {
        MYSQL.execute("SET GLOBAL general_log = OFF");
        mask();
        assertThat(MYSQL.rows("SELECT email FROM " + DB + ".people").get(0).get("email")).isEqualTo(KEY.hmacHex("taro@example.jp"));
    }

    @Test
    void with_a_general_log_the_run_stops_before_masking_and_says_what_to_change() {
        MYSQL.execute("SET GLOBAL log_output = 'TABLE'", "SET GLOBAL general_log = ON");
        assertThatThrownBy(this::mask).isInstanceOf(MaskingException.class)
                .hasMessageContaining("refuses LOAD DATA LOCAL (local_infile=0), writes a general query log")
                .hasMessageContaining("set local_infile=1 or general_log=0 in the DB parameter group");
        assertThat(MYSQL.rows("SELECT email FROM " + DB + ".people").get(0).get("email")).isEqualTo("taro@example.jp");
    }
}
