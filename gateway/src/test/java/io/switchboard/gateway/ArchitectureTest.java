package io.switchboard.gateway;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The layout rules of the tree, checked on the production classes of every module: the module arrows
 * (gateway → channels, admin-api, agent-runtime; admin-api → agent-runtime; channels ⟂ agent-runtime),
 * no package cycles inside a module, the store adapters reachable only from the composition root,
 * virtual threads and blocking work started only through the {@code threads} seam, and OpenTelemetry seen
 * only through the {@code tracing} seam (and by the gateway's SDK setup).
 */
@AnalyzeClasses(
        packages = {
            "io.switchboard.runtime",
            "io.switchboard.channels",
            "io.switchboard.admin",
            "io.switchboard.gateway",
            "io.switchboard.threads",
            "io.switchboard.tracing",
            "db.migration"
        },
        importOptions = ArchitectureTest.ProductionClassesOnly.class)
class ArchitectureTest {

    /** Leaves out test classes, from a module's own build directory or from a test jar of another one. */
    static final class ProductionClassesOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/")
                    && !location.matches(java.util.regex.Pattern.compile(".*-tests\\.jar.*"));
        }
    }

    /** A slice is one package directly under a module's root package; the root package is a slice too. */
    static final class PackagesOfEachModule implements SliceAssignment {
        private static final String[] MODULE_ROOTS = {
            "io.switchboard.runtime", "io.switchboard.channels", "io.switchboard.admin", "io.switchboard.gateway"
        };

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            for (String root : MODULE_ROOTS) {
                if (pkg.equals(root)) {
                    return SliceIdentifier.of(root + " (root)");
                }
                if (pkg.startsWith(root + ".")) {
                    String rest = pkg.substring(root.length() + 1);
                    int dot = rest.indexOf('.');
                    return SliceIdentifier.of(root + "." + (dot < 0 ? rest : rest.substring(0, dot)));
                }
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of each module";
        }
    }

    @ArchTest
    static void no_package_cycles_inside_a_module(JavaClasses classes) {
        slices().assignedFrom(new PackagesOfEachModule())
                .should()
                .beFreeOfCycles()
                .check(classes);
    }

    @ArchTest
    static void only_the_composition_root_uses_the_store(JavaClasses classes) {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.switchboard.runtime.store..", "db.migration..", "io.switchboard.gateway")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.switchboard.runtime.store..")
                .because("store ports live with their capability; only JDBC adapters live in store/")
                .check(classes);
    }

    @ArchTest
    static void channels_never_see_the_runtime(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.switchboard.channels..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.switchboard.runtime..", "io.switchboard.admin..", "io.switchboard.gateway..")
                .check(classes);
    }

    @ArchTest
    static void admin_api_never_sees_channels(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.switchboard.admin..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.switchboard.channels..", "io.switchboard.gateway..")
                .check(classes);
    }

    @ArchTest
    static void the_runtime_sees_no_other_module(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAnyPackage("io.switchboard.runtime..", "db.migration..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.switchboard.channels..", "io.switchboard.admin..", "io.switchboard.gateway..")
                .check(classes);
    }

    @ArchTest
    static void virtual_threads_and_blocking_work_start_only_in_the_threads_seam(JavaClasses classes) {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.switchboard.threads..")
                .should()
                .callMethod(Thread.class, "ofVirtual")
                .orShould()
                .callMethod(Thread.class, "startVirtualThread", Runnable.class)
                .orShould()
                .callMethod(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor")
                .orShould()
                .callMethodWhere(target(name("executeBlocking")))
                .because("io.switchboard.threads.VirtualThreads is the one way to a virtual thread, EventLoop the"
                        + " one way back (docs/threads.md)")
                .check(classes);
    }

    @ArchTest
    static void the_runtime_uses_vertx_only_through_the_threads_seam(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAnyPackage("io.switchboard.runtime..", "db.migration..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.vertx..")
                .because("the agent runtime is plain blocking code on virtual threads; the gateway bridges it")
                .check(classes);
    }

    @ArchTest
    static void opentelemetry_is_seen_only_through_the_tracing_seam(JavaClasses classes) {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.switchboard.tracing..", "io.switchboard.gateway.telemetry..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.opentelemetry..")
                .because("channels and the runtime start spans through io.switchboard.tracing.Tracing; only"
                        + " gateway/telemetry builds the SDK (docs/tracing.md)")
                .check(classes);
    }

    @ArchTest
    static void the_tracing_seam_sees_no_module(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.switchboard.tracing..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.switchboard.runtime..",
                        "io.switchboard.channels..",
                        "io.switchboard.admin..",
                        "io.switchboard.gateway..",
                        "io.switchboard.threads..",
                        "io.vertx..")
                .check(classes);
    }
}
