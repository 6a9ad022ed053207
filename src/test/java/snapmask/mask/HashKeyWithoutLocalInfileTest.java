package snapmask.mask;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import snapmask.run.RunContext;
import snapmask.source.RestoredCopy;
import snapmask.testing.Masking;
import snapmask.testing.Engine;
import snapmask.testing.MySql8;
import snapmask.testing.TestRules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A temporary copy on MySQL 8 with {@code local_infile=0}: there is no way to hand it the hash key
 * that keeps the key out of its process list, so the mask step stops before changing anything and
 * says what to change.
 */
class HashKeyWithoutLocalInfileTest {

    private static final String DB = "mask_nolocal";
    private static final Engine MYSQL = Engine.MYSQL8;

    @AfterEach
    void localInfileAsTheServerRuns() {
        MYSQL.execute(MySql8.LOCAL_INFILE_ON);
    }

    @Test
    void a_copy_that_refuses_load_data_local_stops_the_mask_step_before_anything_is_masked() {
        MYSQL.recreate(DB);
        MYSQL.execute("CREATE TABLE " + DB + ".people (id INT PRIMARY KEY, email VARCHAR(255))",
                "INSERT INTO " + DB + ".people VALUES (1, 'taro@example.jp')", "SET GLOBAL local_infile = 0");
        RunContext run = new RunContext("test", java.time.Clock.systemUTC());
        RestoredCopy copy = new RestoredCopy(DB, MYSQL.server(), DB);
        Masker masker = new Masker(TestRules.write("tables:\n  people:\n    email: { kind: hash }\n"),
                new HashKey("correct horse battery staple"), MaskingHooks.none());

        assertThatThrownBy(() -> Masking.mask(masker, run, copy)).isInstanceOf(MaskingException.class)
                .hasMessageContaining("the temporary copy refuses LOAD DATA LOCAL (local_infile=0)")
                .hasMessageContaining("set local_infile=1 on it (for RDS: in the DB parameter group of the production instance");
        assertThat(MYSQL.rows("SELECT email FROM " + DB + ".people").get(0).get("email")).isEqualTo("taro@example.jp");
    }
}
