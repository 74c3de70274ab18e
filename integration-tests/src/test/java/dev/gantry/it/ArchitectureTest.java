package dev.gantry.it;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module boundaries of the architecture document, as rules that fail the build. */
class ArchitectureTest {
    static final JavaClasses GANTRY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.gantry");

    @Test
    void sharedModelDependsOnNothingButTheJdk() {
        classes()
                .that()
                .resideInAPackage("dev.gantry.model..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.gantry.model..", "java..", "javax.crypto..")
                .check(GANTRY);
    }

    @Test
    void sharedInfrastructureDependsOnNoGantryModuleButTheModel() {
        // both apps import it, so it must not reach back into either of them (nor into demo, cli, bench)
        noClasses()
                .that()
                .resideInAPackage("dev.gantry.infrastructure..")
                .should()
                .dependOnClassesThat(resideInAPackage("dev.gantry..")
                        .and(not(resideInAnyPackage("dev.gantry.infrastructure..", "dev.gantry.model..")))
                        .as("a Gantry module other than shared-model"))
                .check(GANTRY);
    }

    @Test
    void controlPlaneNeverImportsTheWorker() {
        noClasses()
                .that()
                .resideInAPackage("dev.gantry.controlplane..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.gantry.worker..")
                .check(GANTRY);
    }

    @Test
    void workerNeverImportsTheControlPlane() {
        noClasses()
                .that()
                .resideInAPackage("dev.gantry.worker..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.gantry.controlplane..")
                .check(GANTRY);
    }

    @Test
    void executingAStepTouchesNeitherPostgresqlNorRabbitmq() {
        noClasses()
                .that()
                .haveSimpleNameStartingWith("ChainExecutor")
                .or()
                .haveSimpleName("ResponseChecks")
                .or()
                .haveSimpleName("CompiledCase")
                .or()
                .haveSimpleName("ChainProcessor")
                .or()
                .haveFullyQualifiedName("dev.gantry.worker.execution.Variables")
                .or()
                .haveFullyQualifiedName("dev.gantry.worker.execution.RequestRendering")
                .or()
                .haveFullyQualifiedName("dev.gantry.worker.execution.Extractions")
                .or()
                .haveFullyQualifiedName("dev.gantry.worker.execution.StepAttempt")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "java.sql..",
                        "javax.sql..",
                        "org.springframework.jdbc..",
                        "org.springframework.amqp..",
                        "org.springframework.integration..",
                        "com.rabbitmq..",
                        "org.redisson..")
                .check(GANTRY);
    }

    @Test
    void controlPlaneFeaturesFormNoCycles() {
        slices().matching("dev.gantry.controlplane.(*)..")
                .should()
                .beFreeOfCycles()
                .check(GANTRY);
    }

    @Test
    void workerFeaturesFormNoCycles() {
        slices().matching("dev.gantry.worker.(*)..").should().beFreeOfCycles().check(GANTRY);
    }

    @Test
    void commonDependsOnNoFeature() {
        noClasses()
                .that()
                .resideInAPackage("dev.gantry.controlplane.common..")
                .should()
                .dependOnClassesThat(resideInAPackage("dev.gantry.controlplane..")
                        .and(not(resideInAPackage("dev.gantry.controlplane.common..")))
                        .as("a feature package of the control plane"))
                .check(GANTRY);
    }
}
