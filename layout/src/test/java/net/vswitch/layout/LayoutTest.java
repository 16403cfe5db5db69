package net.vswitch.layout;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import net.vswitch.fabric.layoutfixture.FabricReachingIntoTheDaemon;
import net.vswitch.logic.bridge.layoutfixture.BridgeReachingIntoAFilter;
import net.vswitch.vswitchd.layoutfixture.DaemonNamingTheBridge;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layout rules held: every module's main classes (the test class path sees them all) against
 * {@link LayoutRules}; and each rule, run over a class that breaks it, must report it, so a rule that
 * can no longer fail is caught too.
 */
class LayoutTest
{
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses()
    {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("net.vswitch");
        for (final String module : new String[] {"net.vswitch.natives.", "net.vswitch.fabric.", "net.vswitch.ports.",
            "net.vswitch.logic.basic.", "net.vswitch.logic.bridge.", "net.vswitch.logic.filter.",
            "net.vswitch.vswitchd.", "net.vswitch.examples.", "net.vswitch.benchmarks."})
        {
            assertTrue(main.stream().anyMatch(type -> type.getName().startsWith(module)),
                () -> "no main class of " + module + " on the class path");
        }
    }

    @Test
    void fabricImportsNothingOfOurs()
    {
        LayoutRules.FABRIC_IMPORTS_NOTHING_OF_OURS.check(main);
    }

    @Test
    void logicModulesImportOnlyTheFabricAndNeverEachOther()
    {
        LayoutRules.LOGIC_MODULES_USE_ONLY_THE_FABRIC.check(main);
    }

    @Test
    void portsImportOnlyFabricAndNatives()
    {
        LayoutRules.PORTS_USE_FABRIC_AND_NATIVES.check(main);
        LayoutRules.NATIVES_IMPORT_NOTHING_OF_OURS.check(main);
    }

    @Test
    void nothingImportsTheDaemonTheBenchmarksOrTheExamples()
    {
        LayoutRules.NOTHING_IMPORTS_THE_DAEMON.check(main);
        LayoutRules.NOTHING_IMPORTS_THE_BENCHMARKS.check(main);
        LayoutRules.NOTHING_IMPORTS_THE_EXAMPLES.check(main);
    }

    @Test
    void theDaemonNamesNoLogicModuleClass()
    {
        LayoutRules.DAEMON_NAMES_NO_LOGIC_MODULE.check(main);
    }

    @Test
    void theCtlAndMetricsSidesDoNotHoldTheDaemon()
    {
        LayoutRules.NO_CYCLE_THROUGH_THE_DAEMON.check(main);
    }

    @Test
    void everyRuleFailsOnAClassThatBreaksIt()
    {
        final JavaClasses broken = new ClassFileImporter().importClasses(FabricReachingIntoTheDaemon.class,
            BridgeReachingIntoAFilter.class, DaemonNamingTheBridge.class);
        assertViolates(LayoutRules.FABRIC_IMPORTS_NOTHING_OF_OURS, broken, "FabricReachingIntoTheDaemon");
        assertViolates(LayoutRules.NOTHING_IMPORTS_THE_DAEMON, broken, "FabricReachingIntoTheDaemon");
        assertViolates(LayoutRules.LOGIC_MODULES_USE_ONLY_THE_FABRIC, broken, "logic module bridge");
        assertViolates(LayoutRules.DAEMON_NAMES_NO_LOGIC_MODULE, broken, "DaemonNamingTheBridge");
    }

    private static void assertViolates(final ArchRule rule, final JavaClasses classes, final String expected)
    {
        final EvaluationResult result = rule.evaluate(classes);
        assertTrue(result.hasViolation(), () -> "rule '" + rule.getDescription() + "' missed a violation");
        final String report = String.join("\n", result.getFailureReport().getDetails());
        assertTrue(report.contains(expected), report);
    }
}
