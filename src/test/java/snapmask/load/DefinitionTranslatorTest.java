package snapmask.load;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Definitions as MySQL 8.0 writes them, for an analytics server that lacks MySQL's collations
 * (MariaDB before 11.4; before 10.10 it lacks the uca1400 ones too): the collation each table and
 * column asks for becomes the nearest the server has, and the report says which. (End to end, the
 * engine pairs run in FidelityTest and SchemaFeaturesTest, Debian's MariaDB 10.11 among them.)
 */
@Tag("fast")
class DefinitionTranslatorTest {

    private static final String MYSQL_DDL = """
            CREATE TABLE `notes` (
              `id` int NOT NULL,
              `title` varchar(50) COLLATE utf8mb4_0900_as_cs DEFAULT NULL,
              `body` text CHARACTER SET latin1 COLLATE latin1_swedish_ci,
              PRIMARY KEY (`id`)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci""";

    private static final Set<String> MARIADB_10_6 = Set.of("utf8mb4_general_ci", "utf8mb4_bin", "utf8mb4_unicode_ci",
            "utf8mb4_unicode_520_ci", "latin1_swedish_ci", "latin1_bin");

    @Test
    void collations_the_target_lacks_become_its_nearest_and_are_reported() {
        DefinitionTranslator translator = new DefinitionTranslator(false, true, MARIADB_10_6, Set.of("INNODB"));
        DefinitionTranslator.Translation t = translator.translate("notes", MYSQL_DDL);

        assertThat(t.ddl()).contains("`title` varchar(50) COLLATE utf8mb4_bin DEFAULT NULL")
                .contains("`body` text CHARACTER SET latin1 COLLATE latin1_swedish_ci")
                .endsWith(") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci")
                .doesNotContain("0900");
        assertThat(t.notes()).isEmpty();
        assertThat(translator.collationNotes()).containsExactly(
                "collation utf8mb4_0900_as_cs is not on the analytics server; utf8mb4_bin is used (the same bytes; sorting and"
                        + " comparing may differ) for table notes, column title",
                "collation utf8mb4_0900_ai_ci is not on the analytics server; utf8mb4_unicode_520_ci is used (the same bytes;"
                        + " sorting and comparing may differ) for table notes");
    }

    @Test
    void a_collation_replaced_in_many_tables_is_one_note_that_names_ten_and_counts_the_rest() {
        DefinitionTranslator translator = new DefinitionTranslator(false, true, MARIADB_10_6, Set.of("INNODB"));
        for (int i = 1; i <= 12; i++) {
            translator.translate("t" + i, "CREATE TABLE `t" + i + "` (\n  `id` int NOT NULL\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"
                    + " COLLATE=utf8mb4_0900_ai_ci");
        }

        assertThat(translator.collationNotes()).containsExactly("collation utf8mb4_0900_ai_ci is not on the analytics server;"
                + " utf8mb4_unicode_520_ci is used (the same bytes; sorting and comparing may differ) for table t1; table t2; table t3;"
                + " table t4; table t5; table t6; table t7; table t8; table t9; table t10 and 2 more");
    }

    @Test
    void a_target_with_uca1400_gets_the_matching_one() {
        DefinitionTranslator.Translation t = new DefinitionTranslator(false, true,
                Set.of("utf8mb4_uca1400_ai_ci", "utf8mb4_uca1400_as_cs", "latin1_swedish_ci"), Set.of("INNODB"))
                .translate("notes", MYSQL_DDL);

        assertThat(t.ddl()).contains("COLLATE utf8mb4_uca1400_as_cs DEFAULT NULL").endsWith("COLLATE=utf8mb4_uca1400_ai_ci");
    }

    @Test
    void a_definition_the_same_engine_takes_is_left_as_it_is() {
        Set<String> mysql = Set.of("utf8mb4_0900_ai_ci", "utf8mb4_0900_as_cs", "latin1_swedish_ci");
        DefinitionTranslator.Translation t = new DefinitionTranslator(false, false, mysql, Set.of("INNODB")).translate("notes", MYSQL_DDL);

        assertThat(t.ddl()).isEqualTo(MYSQL_DDL);
        assertThat(t.notes()).isEmpty();
    }

    @Test
    void a_character_set_the_target_lacks_entirely_is_refused_with_what_to_do() {
        assertThatThrownBy(() -> new DefinitionTranslator(false, true, Set.of("latin1_swedish_ci"), Set.of("INNODB"))
                .translate("notes", MYSQL_DDL))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("table notes, column title: the analytics server has no collation like"
                        + " utf8mb4_0900_as_cs (character set utf8mb4); nothing was loaded")
                .hasMessageContaining("Use an analytics server that has character set utf8mb4");
    }

    @Test
    void a_partitioned_table_in_an_engine_the_target_lacks_gets_innodb_for_the_table_and_each_partition() {
        String aria = """
                CREATE TABLE `events` (
                  `id` int(11) NOT NULL,
                  `happened` date NOT NULL,
                  PRIMARY KEY (`id`,`happened`)
                ) ENGINE=Aria DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci PAGE_CHECKSUM=1
                 PARTITION BY RANGE (year(`happened`))
                (PARTITION `p2023` VALUES LESS THAN (2024) ENGINE = Aria,
                 PARTITION `pmax` VALUES LESS THAN MAXVALUE ENGINE = Aria)""";

        DefinitionTranslator.Translation t = new DefinitionTranslator(true, false, Set.of("utf8mb4_general_ci"), Set.of("INNODB"))
                .translate("events", aria);

        assertThat(t.ddl()).isEqualTo("""
                CREATE TABLE `events` (
                  `id` int(11) NOT NULL,
                  `happened` date NOT NULL,
                  PRIMARY KEY (`id`,`happened`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci
                 PARTITION BY RANGE (year(`happened`))
                (PARTITION `p2023` VALUES LESS THAN (2024) ENGINE = InnoDB,
                 PARTITION `pmax` VALUES LESS THAN MAXVALUE ENGINE = InnoDB)""");
        assertThat(t.notes()).containsExactly("table events: engine Aria is not on the analytics server; InnoDB is used");
    }

    @Test
    void mysql_0900_collations_get_the_nopad_uca1400_twin_that_tells_apart_what_production_does() {
        Set<String> mariaDb1011 = Set.of("utf8mb4_uca1400_ai_ci", "utf8mb4_uca1400_nopad_ai_ci", "utf8mb4_uca1400_as_cs",
                "utf8mb4_uca1400_nopad_as_cs", "utf8mb4_uca1400_german2_nopad_ai_ci", "utf8mb4_nopad_bin", "utf8mb4_bin",
                "utf8mb4_unicode_520_ci", "utf8mb4_unicode_520_nopad_ci");
        DefinitionTranslator toMariaDb = new DefinitionTranslator(false, true, mariaDb1011, Set.of("INNODB"));

        assertThat(List.of("utf8mb4_0900_ai_ci", "utf8mb4_0900_as_cs", "utf8mb4_de_pb_0900_ai_ci", "utf8mb4_ja_0900_as_cs_ks",
                "utf8mb4_0900_bin", "utf8mb4_ru_0900_ai_ci").stream()
                .map(c -> toMariaDb.translate("t", "CREATE TABLE `t` (\n  `a` text COLLATE " + c + "\n) ENGINE=InnoDB").ddl()
                        .replaceAll("(?s).*COLLATE (\\S+).*", "$1")))
                .containsExactly("utf8mb4_uca1400_nopad_ai_ci", "utf8mb4_uca1400_nopad_as_cs", "utf8mb4_uca1400_german2_nopad_ai_ci",
                        "utf8mb4_uca1400_nopad_as_cs", "utf8mb4_nopad_bin", "utf8mb4_uca1400_nopad_ai_ci");

        // a MariaDB without uca1400: still NO PAD, and case-sensitive where production is
        DefinitionTranslator toOldMariaDb = new DefinitionTranslator(false, true,
                Set.of("utf8mb4_nopad_bin", "utf8mb4_bin", "utf8mb4_unicode_520_ci", "utf8mb4_unicode_520_nopad_ci", "latin1_swedish_ci"),
                Set.of("INNODB"));
        assertThat(toOldMariaDb.translate("t", MYSQL_DDL).ddl()).contains("`title` varchar(50) COLLATE utf8mb4_nopad_bin DEFAULT NULL")
                .endsWith("COLLATE=utf8mb4_unicode_520_nopad_ci");

        // and back: MariaDB's uca1400 collations, PAD or NOPAD, become MySQL's 0900 twin (NO PAD tells apart more)
        DefinitionTranslator toMySql = new DefinitionTranslator(true, false,
                Set.of("utf8mb4_0900_ai_ci", "utf8mb4_0900_as_cs", "utf8mb4_de_pb_0900_ai_ci", "utf8mb4_0900_bin", "utf8mb4_bin"),
                Set.of("INNODB"));
        assertThat(List.of("utf8mb4_uca1400_ai_ci", "utf8mb4_uca1400_nopad_ai_cs", "utf8mb4_uca1400_german2_nopad_ai_ci", "utf8mb4_nopad_bin")
                .stream().map(c -> toMySql.translate("t", "CREATE TABLE `t` (\n  `a` text COLLATE " + c + "\n) ENGINE=InnoDB").ddl()
                        .replaceAll("(?s).*COLLATE (\\S+).*", "$1")))
                .containsExactly("utf8mb4_0900_ai_ci", "utf8mb4_0900_as_cs", "utf8mb4_de_pb_0900_ai_ci", "utf8mb4_0900_bin");
    }

    /** MySQL refuses a literal default on BLOB, TEXT and JSON columns (ERROR 1101) and takes the same default as an expression. */
    @Test
    void a_text_blob_or_json_literal_default_from_mariadb_becomes_an_expression_default_on_mysql() {
        DefinitionTranslator translator = new DefinitionTranslator(true, false, Set.of("utf8mb4_unicode_ci", "utf8mb4_bin"),
                Set.of("INNODB"));
        DefinitionTranslator.Translation t = translator.translate("d", """
                CREATE TABLE `d` (
                  `id` int(11) NOT NULL,
                  `t` text DEFAULT 'it\\'s \\\\ a '' DEFAULT ',
                  `b` blob DEFAULT 'ab',
                  `j` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT '{"a": 1}' CHECK (json_valid(`j`)),
                  `lt` longtext NOT NULL DEFAULT '',
                  `v` varchar(10) DEFAULT 'kept',
                  `n` text DEFAULT NULL,
                  PRIMARY KEY (`id`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci""");

        assertThat(t.ddl()).contains("`t` text DEFAULT ('it\\'s \\\\ a '' DEFAULT '),")
                .contains("`b` blob DEFAULT ('ab'),")
                .contains("`j` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT ('{\"a\": 1}') CHECK (json_valid(`j`)),")
                .contains("`lt` longtext NOT NULL DEFAULT (''),")
                .contains("`v` varchar(10) DEFAULT 'kept',")
                .contains("`n` text DEFAULT NULL,");
        assertThat(t.notes()).isEmpty();
    }

    /** Each engine skips the other's versioned comments: an attribute would vanish without a word. */
    @Test
    void an_srid_on_mariadb_and_column_compression_on_mysql_are_left_out_and_named() {
        DefinitionTranslator toMariaDb = new DefinitionTranslator(false, true, Set.of("utf8mb4_0900_ai_ci"), Set.of("INNODB"));
        DefinitionTranslator.Translation srid = toMariaDb.translate("places", """
                CREATE TABLE `places` (
                  `id` int NOT NULL,
                  `g` point NOT NULL /*!80003 SRID 4326 */,
                  PRIMARY KEY (`id`),
                  SPATIAL KEY `g` (`g`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci""");
        assertThat(srid.ddl()).contains("  `g` point NOT NULL,\n").doesNotContain("SRID");
        assertThat(srid.notes()).containsExactly("table places, column g: SRID 4326 left out (MariaDB does not restrict a column to"
                + " one spatial reference system; the values keep theirs)");

        DefinitionTranslator toMySql = new DefinitionTranslator(true, false, Set.of("utf8mb4_unicode_ci"), Set.of("INNODB"));
        DefinitionTranslator.Translation compressed = toMySql.translate("docs", """
                CREATE TABLE `docs` (
                  `id` int(11) NOT NULL,
                  `t` text /*M!100301 COMPRESSED*/ DEFAULT NULL,
                  `v` varchar(100) /*M!100301 COMPRESSED*/ DEFAULT 'x',
                  PRIMARY KEY (`id`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci""");
        assertThat(compressed.ddl()).contains("  `t` text DEFAULT NULL,\n", "  `v` varchar(100) DEFAULT 'x',\n").doesNotContain("COMPRESSED");
        assertThat(compressed.notes()).containsExactly(
                "table docs, column t: MariaDB's column compression left out (MySQL has none; the values are the same)",
                "table docs, column v: MariaDB's column compression left out (MySQL has none; the values are the same)");
    }
}
