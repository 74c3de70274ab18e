package dev.gantry.it;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.data.repository.Repository;

/**
 * One owner per table: every table the apps write has one class (in its feature package) that
 * writes it, and the others call that class. A write is any SQL string of main code that inserts
 * into, updates, deletes from or merges into a table; tables written through JPA have their own
 * rule below. A new write outside its owner, or a new table missing from the maps, fails here,
 * naming the file and the table.
 */
class TableOwnershipTest {
    /** The control plane's tables and their one writer each. */
    static final Map<String, String> CONTROL_PLANE = Map.ofEntries(
            entry("runs", "runs.RunStore"),
            entry("run_snapshots", "runs.RunStore"),
            entry("run_partitions", "runs.PartitionStore"),
            entry("run_case_results", "runs.CaseResults"),
            // Spring Batch's JobRepository writes these; of Gantry's code only the purge deletes
            entry("batch_job_instance", "runs.RetentionPurge"),
            entry("batch_job_execution", "runs.RetentionPurge"),
            entry("batch_job_execution_params", "runs.RetentionPurge"),
            entry("batch_job_execution_context", "runs.RetentionPurge"),
            entry("batch_step_execution", "runs.RetentionPurge"),
            entry("batch_step_execution_context", "runs.RetentionPurge"),
            entry("schedules", "schedules.ScheduleStore"),
            entry("ci_hooks", "hooks.HookStore"),
            entry("ci_deliveries", "hooks.HookStore"),
            entry("coverage_reports", "coverage.CoverageReportStore"),
            entry("tenants", "security.TenantProvisioning"),
            entry("subscriptions", "security.TenantProvisioning"),
            entry("users", "security.TenantProvisioning"),
            entry("api_keys", "security.TenantProvisioning"),
            entry("user_credentials", "security.Credentials"),
            entry("invitations", "security.Invitations"),
            entry("plans", "plans.PlanService"),
            entry("plan_limits", "plans.PlanService"),
            entry("tenant_usage", "plans.PlanService"),
            entry("api_specs", "specs.SpecStore"),
            entry("spec_endpoints", "specs.SpecStore"),
            entry("spec_parameters", "specs.SpecStore"),
            entry("spec_responses", "specs.SpecStore"),
            entry("spec_security_schemes", "specs.SpecStore"),
            entry("spec_endpoint_security", "specs.SpecStore"),
            entry("case_generations", "specs.GenerationStore"),
            entry("test_cases", "suites.CaseDrafts"),
            entry("suite_versions", "changelog.ChangeLogStore"),
            entry("case_changes", "changelog.ChangeLogStore"),
            entry("case_id_counters", "suites.CaseIds"),
            entry("stories", "stories.StoryStore"),
            entry("jira_connections", "stories.JiraConnections"),
            entry("process_diagrams", "processes.ProcessStore"),
            entry("process_versions", "processes.ProcessStore"),
            entry("process_elements", "processes.ProcessStore"),
            entry("process_flows", "processes.ProcessStore"),
            entry("process_scenarios", "processes.ProcessScenarios"),
            entry("process_case_elements", "processes.ProcessScenarios"),
            entry("process_run_results", "processes.ProcessResults"),
            entry("process_bindings", "processes.ProcessBindings"),
            entry("case_links", "suites.CaseLinks"),
            entry("suite_quarantine", "quarantine.Quarantine"),
            entry("run_quarantined_cases", "quarantine.Quarantine"),
            entry("dead_letters", "deadletters.DeadLetters"),
            entry("audit_log", "audit.AuditRecorder"),
            entry("releases", "releases.ReleaseStore"),
            entry("release_cases", "releases.ReleaseStore"),
            entry("release_approvals", "releases.ReleaseStore"),
            entry("release_history", "releases.ReleaseStore"),
            entry("release_run_feed", "releases.ReleaseStore"),
            entry("release_approvers", "releases.ReleaseStore"),
            entry("step_catalog", "bdd.StepCatalog"),
            entry("feature_files", "bdd.FeatureStore"),
            entry("feature_file_versions", "bdd.FeatureStore"),
            entry("feature_file_cases", "bdd.FeatureStore"),
            entry("feature_file_data_sets", "bdd.FeatureStore"),
            entry("feature_step_uses", "bdd.FeatureStore"));

    /**
     * The worker's tables and their one writer each. {@code run_partitions} has a writer in each
     * app: the control plane creates the rows and fails partitions given up; the worker takes a
     * partition and adds its counters in its chunk transaction.
     */
    static final Map<String, String> WORKER = Map.ofEntries(
            entry("run_partitions", "summary.PartitionTallyWriter"),
            entry("coverage_endpoints", "coverage.CoverageTasklet"),
            entry("worker_step_failures", "coverage.CoverageFailureRecorder"));

    /** Tables written through JPA: the package owning the entity is the only one that changes it. */
    static final Map<String, String> JPA = Map.ofEntries(
            entry("runs", "dev.gantry.controlplane.runs"),
            entry("run_snapshots", "dev.gantry.controlplane.runs"),
            entry("test_suites", "dev.gantry.controlplane.suites"),
            entry("test_cases", "dev.gantry.controlplane.suites"),
            entry("data_sets", "dev.gantry.controlplane.suites"),
            entry("case_modules", "dev.gantry.controlplane.suites"),
            entry("projects", "dev.gantry.controlplane.projects"),
            entry("environments", "dev.gantry.controlplane.environments"));

    private static final Pattern WRITE = Pattern.compile(
            "\\b(?:insert\\s+into|delete\\s+from|merge\\s+into)\\s+([a-z_][a-z0-9_]*)"
                    + "|\\bupdate\\s+([a-z_][a-z0-9_]*)(?:\\s+(?:as\\s+)?[a-z_][a-z0-9_]*)?\\s+set\\b",
            Pattern.CASE_INSENSITIVE);

    @Test
    void everyTableTheControlPlaneWritesHasOneOwner() {
        assertOwned(Path.of("../control-plane/src/main/java/dev/gantry/controlplane"), CONTROL_PLANE);
    }

    @Test
    void everyTableTheWorkerWritesHasOneOwner() {
        assertOwned(Path.of("../worker/src/main/java/dev/gantry/worker"), WORKER);
    }

    /**
     * The scanner must see writes in every form the code writes SQL in, or the rules above would
     * pass by seeing nothing.
     */
    @Test
    void theScannerFindsWritesInEveryFormOfSql() {
        String source =
                """
                class Sample {
                    // update comments set nothing = 1 is a comment, not a write
                    void a() { jdbc.update("update runs set status = ? where id = ?", s, id); }
                    void b() { jdbc.update(\"""
                            insert into work_items (run_id)
                            select ?\""", id); }
                    void c() { jdbc.update("delete from run_snapshots "
                            + "where run_id = any (?)", ids); }
                    void d() { jdbc.query("update ci_deliveries d set callback_next_at = ? returning d.hook_id", m); }
                    void e() { jdbc.update("insert into x values (?) on conflict do update set y = 1"); }
                    void f() { log.info("could not update the schedule {}", id); }
                    char g = '"';
                    void h() { jdbc.update("merge into tenant_usage u using (select 1) s on true"); }
                }
                """;
        assertThat(writtenTables(source))
                .containsExactly("ci_deliveries", "run_snapshots", "runs", "tenant_usage", "work_items", "x");
    }

    /**
     * JPA writes when a repository saves or deletes, and when a managed entity is changed (its
     * void methods): only the entity's own package may do either. Nothing uses the EntityManager
     * directly, which would slip past this rule.
     */
    @Test
    void onlyTheOwningPackageChangesAJpaEntity() {
        JavaClasses gantry = ArchitectureTest.GANTRY;
        Map<String, String> tables = new TreeMap<>();
        for (JavaClass entity : gantry) {
            if (entity.isAnnotatedWith(Entity.class)) {
                String table = entity.getAnnotationOfType(Table.class).name();
                tables.put(table, entity.getPackageName());
            }
        }
        assertThat(tables)
                .as("every JPA entity's table with its owning package (TableOwnershipTest.JPA)")
                .isEqualTo(new TreeMap<>(JPA));

        ArchRuleDefinition.classes()
                .should(changeOnlyEntitiesOfTheirOwnPackage())
                .because("one package owns each table (TableOwnershipTest.JPA)")
                .check(gantry);
        ArchRuleDefinition.noClasses()
                .that()
                .resideInAPackage("dev.gantry..")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(EntityManager.class)
                .check(gantry);
    }

    private static ArchCondition<JavaClass> changeOnlyEntitiesOfTheirOwnPackage() {
        return new ArchCondition<>("save, delete or change only entities of their own package") {
            @Override
            public void check(JavaClass caller, ConditionEvents events) {
                for (JavaMethodCall call : caller.getMethodCallsFromSelf()) {
                    JavaClass owner = call.getTargetOwner();
                    String name = call.getName();
                    String entityPackage = null;
                    if (owner.isAnnotatedWith(Entity.class)
                            && call.getTarget().getRawReturnType().getName().equals("void")) {
                        entityPackage = owner.getPackageName();
                    } else if (owner.isAssignableTo(Repository.class)
                            && (name.startsWith("save") || name.startsWith("delete") || name.startsWith("flush"))) {
                        entityPackage = owner.getPackageName();
                    }
                    if (entityPackage != null && !caller.getPackageName().equals(entityPackage)) {
                        events.add(SimpleConditionEvent.violated(
                                call, call.getDescription() + ": only " + entityPackage + " changes its entities"));
                    }
                }
            }
        };
    }

    private static void assertOwned(Path root, Map<String, String> owners) {
        String base = root.getFileName().toString();
        List<String> problems = new ArrayList<>();
        Set<String> written = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String relative = root.relativize(file).toString().replace('\\', '/');
                String className = relative.substring(0, relative.length() - ".java".length())
                        .replace('/', '.');
                for (String table : writtenTables(Files.readString(file))) {
                    written.add(table);
                    String owner = owners.get(table);
                    if (owner == null) {
                        problems.add(base + "/" + relative + " writes " + table
                                + ", a table with no owner: add it to TableOwnershipTest with its one writer");
                    } else if (!owner.equals(className)) {
                        problems.add(base + "/" + relative + " writes " + table + ", which only " + owner
                                + " writes: call it instead");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        owners.keySet().stream()
                .filter(table -> !written.contains(table))
                .forEach(table -> problems.add(owners.get(table) + " is the owner of " + table
                        + ", but nothing writes it any more: drop it from TableOwnershipTest"));
        assertThat(problems).as("writes outside their table's owner").isEmpty();
    }

    /** The tables a source file's SQL writes: its string literals, those joined by + read as one. */
    static Set<String> writtenTables(String source) {
        Set<String> tables = new TreeSet<>();
        for (String sql : stringExpressions(source)) {
            Matcher m = WRITE.matcher(sql);
            while (m.find()) {
                String table = (m.group(1) != null ? m.group(1) : m.group(2)).toLowerCase(Locale.ROOT);
                if (!table.equals("set")) {
                    tables.add(table);
                }
            }
        }
        return tables;
    }

    /** String literals and text blocks outside comments; literals joined by {@code +} come as one. */
    private static List<String> stringExpressions(String source) {
        List<String> expressions = new ArrayList<>();
        StringBuilder current = null;
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                while (source.charAt(end - 1) == '\\') {
                    end = source.indexOf("\"\"\"", end + 1);
                }
                current = append(current, source.substring(i + 3, end));
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (source.charAt(end) != c) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                if (c == '"') {
                    current = append(current, source.substring(i + 1, end));
                }
                i = end + 1;
            } else {
                if (current != null && !Character.isWhitespace(c) && c != '+') {
                    expressions.add(current.toString());
                    current = null;
                }
                i++;
            }
        }
        if (current != null) {
            expressions.add(current.toString());
        }
        return expressions;
    }

    private static StringBuilder append(StringBuilder current, String literal) {
        return current == null
                ? new StringBuilder(literal)
                : current.append(' ').append(literal);
    }
}
