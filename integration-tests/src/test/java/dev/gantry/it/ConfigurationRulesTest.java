package dev.gantry.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * How the apps are configured and keep time, as rules that fail the build: settings come from
 * {@code @ConfigurationProperties} records only (never {@code @Value}); the control plane and the worker
 * read time from their injected {@code Clock}, so that tests can set it; periodic work goes through
 * Spring's {@code TaskScheduler}, one mechanism for every tick.
 */
class ConfigurationRulesTest {
    private static final String[] APPS = {"dev.gantry.controlplane..", "dev.gantry.worker.."};

    @Test
    void noValueAnnotationsInMainCode() {
        noValueAnnotations("dev.gantry..").check(ArchitectureTest.GANTRY);
    }

    @Test
    void theAppsReadTimeFromTheirClock() {
        noSystemClock(APPS).check(ArchitectureTest.GANTRY);
    }

    @Test
    void periodicWorkGoesThroughTheTaskScheduler() {
        noHandMadeTickers(APPS).check(ArchitectureTest.GANTRY);
        noScheduledAnnotations(APPS).check(ArchitectureTest.GANTRY);
    }

    /** The rules above would catch what they are about: each one fails on a class that breaks it. */
    @Test
    void theRulesFailOnClassesThatBreakThem() {
        JavaClasses breaking = new ClassFileImporter()
                .importClasses(
                        ValueOnField.class,
                        ValueOnParameter.class,
                        ValueOnSetter.class,
                        ReadsTheSystemClock.class,
                        HandMadeTicker.class);
        String fixtures = "dev.gantry.it..";

        EvaluationResult values = noValueAnnotations(fixtures).evaluate(breaking);
        assertThat(values.hasViolation()).isTrue();
        assertThat(String.join("\n", values.getFailureReport().getDetails()))
                .contains(ValueOnField.class.getName() + ".key")
                .contains(ValueOnParameter.class.getName() + ".<init>")
                .contains(ValueOnSetter.class.getName() + ".setKey");

        EvaluationResult clocks = noSystemClock(fixtures).evaluate(breaking);
        assertThat(clocks.getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains("Instant.now()"))
                .anySatisfy(line -> assertThat(line).contains("System.currentTimeMillis()"));

        assertThat(noHandMadeTickers(fixtures)
                        .evaluate(breaking)
                        .getFailureReport()
                        .getDetails())
                .anySatisfy(line -> assertThat(line).contains("newSingleThreadScheduledExecutor"));
        assertThat(noScheduledAnnotations(fixtures).evaluate(breaking).hasViolation())
                .isTrue();
    }

    static ArchRule noValueAnnotations(String... packages) {
        return classes()
                .that()
                .resideInAnyPackage(packages)
                .should(new ArchCondition<JavaClass>("have no @Value on the class, its members or their parameters") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        if (type.isAnnotatedWith(Value.class)) {
                            events.add(
                                    SimpleConditionEvent.violated(type, type.getName() + " is annotated with @Value"));
                        }
                        for (JavaMember member : type.getMembers()) {
                            if (member.isAnnotatedWith(Value.class)) {
                                events.add(SimpleConditionEvent.violated(
                                        member, member.getFullName() + " is annotated with @Value"));
                            }
                            if (member instanceof JavaCodeUnit code) {
                                for (JavaParameter parameter : code.getParameters()) {
                                    if (parameter.isAnnotatedWith(Value.class)) {
                                        events.add(SimpleConditionEvent.violated(
                                                parameter,
                                                code.getFullName() + " has a parameter annotated with @Value"));
                                    }
                                }
                            }
                        }
                    }
                })
                .because("settings are read from @ConfigurationProperties records, one per prefix, Javadoc'd,"
                        + " and a step's context through a typed reading of its execution");
    }

    static ArchRule noSystemClock(String... packages) {
        return noClasses()
                .that()
                .resideInAnyPackage(packages)
                .should()
                .callMethod(Instant.class, "now")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .because("time comes from the injected Clock, which tests set to move schedules, deadlines and"
                        + " leases on without waiting");
    }

    static ArchRule noHandMadeTickers(String... packages) {
        return noClasses()
                .that()
                .resideInAnyPackage(packages)
                .should()
                .callMethodWhere(DescribedPredicate.describe(
                        "Executors.newSingleThreadScheduledExecutor or newScheduledThreadPool",
                        (JavaMethodCall call) -> call.getTargetOwner().isEquivalentTo(Executors.class)
                                && call.getName().matches("new(SingleThread)?Scheduled.*")))
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(ScheduledExecutorService.class)
                .because("periodic work is registered on the app's TaskScheduler with its interval from its"
                        + " properties record");
    }

    static ArchRule noScheduledAnnotations(String... packages) {
        return noMethods()
                .that()
                .areDeclaredInClassesThat()
                .resideInAnyPackage(packages)
                .should()
                .beAnnotatedWith(Scheduled.class)
                .because("periodic work is registered on the app's TaskScheduler with its interval from its"
                        + " properties record, not from a placeholder in an annotation");
    }

    static class ValueOnField {
        @Value("${gantry.example.key:1}")
        String key;
    }

    static class ValueOnParameter {
        ValueOnParameter(@Value("${gantry.example.key:1}") String key) {}
    }

    static class ValueOnSetter {
        @Value("${gantry.example.key:1}")
        void setKey(String key) {}
    }

    static class ReadsTheSystemClock {
        long now() {
            return Instant.now().toEpochMilli() + System.currentTimeMillis();
        }
    }

    static class HandMadeTicker {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

        @Scheduled(fixedDelayString = "${gantry.example.interval:1s}")
        void tick() {}
    }
}
