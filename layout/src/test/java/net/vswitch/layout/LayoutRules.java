package net.vswitch.layout;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The layout rules of README and DESIGN §1 as ArchUnit rules over the main classes of every module.
 * Packages mirror modules: {@code net.vswitch.natives} (native-bindings), {@code .fabric}, {@code .logic.NAME}
 * (logic-modules/NAME), {@code .ports}, {@code .vswitchd}, {@code .examples}, {@code .benchmarks}.
 */
final class LayoutRules
{
    static final String OURS = "net.vswitch..";
    static final String FABRIC = "net.vswitch.fabric..";
    static final String NATIVES = "net.vswitch.natives..";
    static final String PORTS = "net.vswitch.ports..";
    static final String LOGIC = "net.vswitch.logic..";
    static final String VSWITCHD = "net.vswitch.vswitchd..";
    static final String BENCHMARKS = "net.vswitch.benchmarks..";
    static final String EXAMPLES = "net.vswitch.examples..";

    /** Logic modules that may also use the conntrack library module. */
    static final Set<String> USES_CONNTRACK = Set.of("openflow", "secgroups");

    /** The fabric depends on nothing of ours (and so holds no switching policy of a module). */
    static final ArchRule FABRIC_IMPORTS_NOTHING_OF_OURS = noClasses().that().resideInAPackage(FABRIC)
        .should().dependOnClassesThat(oursOutside(FABRIC)).as("fabric imports nothing of ours");

    /** A logic module uses the fabric (and conntrack, for openflow and secgroups), never another module. */
    static final ArchRule LOGIC_MODULES_USE_ONLY_THE_FABRIC = classes().that().resideInAPackage(LOGIC)
        .should(useOnlyTheFabricAndTheirOwnModule())
        .as("logic modules import only fabric (+ conntrack for openflow/secgroups), never each other");

    /** Ports are built on the fabric and the native bindings only. */
    static final ArchRule PORTS_USE_FABRIC_AND_NATIVES = noClasses().that().resideInAPackage(PORTS)
        .should().dependOnClassesThat(oursOutside(PORTS, FABRIC, NATIVES))
        .as("ports import only fabric and native-bindings");

    /** The native bindings are the bottom layer. */
    static final ArchRule NATIVES_IMPORT_NOTHING_OF_OURS = noClasses().that().resideInAPackage(NATIVES)
        .should().dependOnClassesThat(oursOutside(NATIVES)).as("native-bindings import nothing of ours");

    /** The daemon, the benchmarks and the examples are leaves: no other module's main code imports them. */
    static final ArchRule NOTHING_IMPORTS_THE_DAEMON = noClasses().that().resideOutsideOfPackage(VSWITCHD)
        .should().dependOnClassesThat().resideInAPackage(VSWITCHD).as("nothing imports vswitchd");

    static final ArchRule NOTHING_IMPORTS_THE_BENCHMARKS = noClasses().that().resideOutsideOfPackage(BENCHMARKS)
        .should().dependOnClassesThat().resideInAPackage(BENCHMARKS).as("nothing imports benchmarks");

    static final ArchRule NOTHING_IMPORTS_THE_EXAMPLES = noClasses().that().resideOutsideOfPackage(EXAMPLES)
        .should().dependOnClassesThat().resideInAPackage(EXAMPLES).as("nothing imports examples");

    /** The daemon finds logic modules through ServiceLoader only: its code names no class of theirs. */
    static final ArchRule DAEMON_NAMES_NO_LOGIC_MODULE = noClasses().that().resideInAPackage(VSWITCHD)
        .should().dependOnClassesThat().resideInAPackage(LOGIC)
        .as("vswitchd code names no logic-module class (ServiceLoader only)");

    /** The daemon wires the ctl dispatcher and the metrics endpoint; they read its switch registry, not the daemon. */
    static final ArchRule NO_CYCLE_THROUGH_THE_DAEMON = noClasses().that()
        .resideInAnyPackage("net.vswitch.vswitchd.ctl..", "net.vswitch.vswitchd.metrics..")
        .should().dependOnClassesThat().haveFullyQualifiedName("net.vswitch.vswitchd.daemon.Daemon")
        .as("ctl and metrics read daemon.Switches, not the Daemon (no CtlDispatcher -> Daemon -> MetricsServer"
            + " cycle)");

    private LayoutRules()
    {
    }

    /** Classes of ours outside the given packages. */
    private static DescribedPredicate<JavaClass> oursOutside(final String... packages)
    {
        return JavaClass.Predicates.resideInAPackage(OURS).and(JavaClass.Predicates.resideOutsideOfPackages(packages))
            .as("classes of ours outside " + String.join(", ", packages));
    }

    /** {@code net.vswitch.logic.NAME.Foo} -> {@code NAME}. */
    static String logicModule(final String packageName)
    {
        final String rest = packageName.substring("net.vswitch.logic.".length());
        final int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static ArchCondition<JavaClass> useOnlyTheFabricAndTheirOwnModule()
    {
        return new ArchCondition<>("use only the fabric and their own module")
        {
            @Override
            public void check(final JavaClass item, final ConditionEvents events)
            {
                final String module = logicModule(item.getPackageName());
                for (final Dependency dependency : item.getDirectDependenciesFromSelf())
                {
                    final String target = dependency.getTargetClass().getPackageName();
                    if (!target.startsWith("net.vswitch.") || target.startsWith("net.vswitch.fabric"))
                    {
                        continue;
                    }
                    if (target.startsWith("net.vswitch.logic."))
                    {
                        final String other = logicModule(target);
                        if (other.equals(module) || other.equals("conntrack") && USES_CONNTRACK.contains(module))
                        {
                            continue;
                        }
                    }
                    events.add(SimpleConditionEvent.violated(dependency, "logic module " + module + ": "
                        + dependency.getDescription()));
                }
            }
        };
    }
}
