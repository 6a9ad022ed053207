package snapmask;

import org.junit.jupiter.api.Tag;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Which area of snapmask may use which (docs/architecture.md, "Packages"). The areas form no
 * cycle, so each can be read, tested and changed from the areas below it; the Camel component and
 * the schema code know nothing of snapmask, so they could leave it as they are; the steps of mask,
 * load, kpi and the local source do not use the run's bookkeeping (run): they take what they work
 * on as variables and tell the run's record what it should show through step.RunNotes.
 */
@Tag("fast")
class PackageBoundariesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("snapmask");

    @Test
    void the_areas_depend_on_each_other_without_a_cycle() {
        slices().matching("snapmask.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    /** Each area and the only areas of snapmask it may use (besides itself). */
    @ParameterizedTest(name = "{0} uses only {1}")
    @CsvSource(delimiter = '|', value = {
            "rds.component | ''",
            "schema        | ''",
            "config        | ''",
            "step          | ''",
            "source        | config",
            "watch         | config",
            "mask          | config, schema, source, step",
            "load          | config, mask, schema, source, step",
            "kpi           | config, source, step",
            "local         | config, load, schema, source, step",
            "run           | config, schema, source, step",
            "ops           | config, run, source, step",
    })
    void an_area_uses_only_the_areas_below_it(String area, String allowed) {
        String[] packages = java.util.stream.Stream.concat(java.util.stream.Stream.of(area),
                        java.util.Arrays.stream(allowed.split(",")).map(String::strip).filter(a -> !a.isEmpty()))
                .map(a -> "snapmask." + a + "..").toArray(String[]::new);
        noClasses().that().resideInAPackage("snapmask." + area + "..")
                .should().dependOnClassesThat(resideInAPackage("snapmask..").and(resideOutsideOfPackages(packages)))
                .check(MAIN);
    }
}
