package dev.zccache.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering package-info.java files describe, checked on the compiled classes. */
class ArchitectureTest {

    private static final JavaClasses DAEMON = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.zccache");

    @Test
    void noPackageCycles() {
        slices().matching("dev.zccache.(*)..").should().beFreeOfCycles().check(DAEMON);
    }

    @Test
    void theCompileFlowNamesNoToolFamily() {
        noClasses().that().resideInAnyPackage("dev.zccache.compile..", "dev.zccache.cache..")
                .should().dependOnClassesThat().resideInAPackage("dev.zccache.compiler.gcc..")
                .check(DAEMON);
    }

    @Test
    void theSeamKnowsNoFamily() {
        noClasses().that().resideInAPackage("dev.zccache.compiler")
                .should().dependOnClassesThat().resideInAPackage("dev.zccache.compiler.gcc..")
                .check(DAEMON);
    }

    @Test
    void onlyTheStoreKnowsItsLayoutAndItKnowsNoCache() {
        noClasses().that().resideInAPackage("dev.zccache.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.zccache.cache..", "dev.zccache.compile..",
                        "dev.zccache.compiler..")
                .check(DAEMON);
    }

    @Test
    void outcomesAndTheProtocolAreLeaves() {
        noClasses().that().resideInAnyPackage("dev.zccache.outcome..", "dev.zccache.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.zccache.admin..", "dev.zccache.cache..",
                        "dev.zccache.compile..", "dev.zccache.compiler..", "dev.zccache.daemon..",
                        "dev.zccache.dispatch..", "dev.zccache.hash..", "dev.zccache.ipc..", "dev.zccache.journal..",
                        "dev.zccache.runner..", "dev.zccache.session..", "dev.zccache.shell..", "dev.zccache.stats..",
                        "dev.zccache.store..")
                .check(DAEMON);
    }

    @Test
    void theTransportKnowsNoProtocol() {
        noClasses().that().resideInAPackage("dev.zccache.ipc..")
                .should().dependOnClassesThat().resideInAPackage("dev.zccache.protocol..")
                .check(DAEMON);
    }

    @Test
    void onlyDispatchSeesBothTransportAndProtocol() {
        noClasses().that().resideOutsideOfPackages("dev.zccache.dispatch..", "dev.zccache.ipc..")
                .should().dependOnClassesThat().belongToAnyOf(dev.zccache.ipc.Frame.class, dev.zccache.ipc.Client.class)
                .check(DAEMON);
    }

    @Test
    void onlyDispatchSeesHandlers() {
        noClasses().that().resideInAnyPackage("dev.zccache.ipc..", "dev.zccache.daemon..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.zccache.compile..", "dev.zccache.admin..")
                .check(DAEMON);
    }

    @Test
    void everyPackageSaysWhatItOwns() {
        classes().that().haveSimpleName("package-info").should().resideInAPackage("dev.zccache..").check(DAEMON);
        for (String pkg : DAEMON.stream().map(c -> c.getPackageName()).distinct().toList()) {
            if (!pkg.equals("dev.zccache")) {
                org.assertj.core.api.Assertions.assertThat(DAEMON.containPackage(pkg)
                        && DAEMON.getPackage(pkg).tryGetPackageInfo().isPresent()).as(pkg + " has a package-info").isTrue();
            }
        }
    }
}
