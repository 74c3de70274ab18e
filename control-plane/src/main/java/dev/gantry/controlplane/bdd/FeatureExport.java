package dev.gantry.controlplane.bdd;

import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.suites.CasePhase;
import dev.gantry.controlplane.suites.DataSet;
import dev.gantry.controlplane.suites.DataSetRepository;
import dev.gantry.controlplane.suites.Suite;
import dev.gantry.controlplane.suites.SuiteRepository;
import dev.gantry.controlplane.suites.TestCase;
import dev.gantry.controlplane.suites.TestCaseRepository;
import dev.gantry.model.Extraction;
import dev.gantry.model.JsonPathCheck;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A suite's cases written back as a feature file that Cucumber's parser reads: a scenario per chain
 * (a Scenario Outline with its data set as Examples when the chain pins one, {@code {{column}}}
 * written back as {@code <column>}), a step per request, status, JSONPath check and extraction, in the
 * export vocabulary ({@link #VOCABULARY}), which a catalog can bind to publish the file again.
 */
@RestController
class FeatureExport {
    /** The patterns the export writes steps in. */
    static final List<String> VOCABULARY = List.of(
            "I send {method:word} to \"{path}\"",
            "the response status is {status:int}",
            "the JSON at \"{path}\" {operator:word} \"{expected}\"",
            "I keep {source:word} \"{expression}\" as \"{name}\"");

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    private final SuiteRepository suites;
    private final TestCaseRepository cases;
    private final DataSetRepository dataSets;

    FeatureExport(SuiteRepository suites, TestCaseRepository cases, DataSetRepository dataSets) {
        this.suites = suites;
        this.cases = cases;
        this.dataSets = dataSets;
    }

    @GetMapping("/api/v1/suites/{suiteId}/export/feature")
    ResponseEntity<String> export(Caller caller, @PathVariable UUID suiteId) {
        Suite suite = suites.require(suiteId, caller.tenantId());
        String text = write(
                suite,
                cases.findBySuiteIdOrderByPositionAscCreatedAtAsc(suiteId),
                dataSets.findBySuiteIdOrderByCreatedAtAsc(suiteId));
        String file = suite.getName().replaceAll("[^A-Za-z0-9._-]+", "_") + ".feature";
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "x-gherkin", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(file).build().toString())
                .body(text);
    }

    static String write(Suite suite, List<TestCase> all, List<DataSet> sets) {
        StringBuilder out = new StringBuilder();
        out.append("Feature: ").append(line(suite.getName())).append('\n');
        if (suite.getDescription() != null && !suite.getDescription().isBlank()) {
            suite.getDescription()
                    .lines()
                    .forEach(l -> out.append("  ").append(descriptionLine(l)).append('\n'));
        }
        Map<UUID, DataSet> setById = new HashMap<>();
        sets.forEach(d -> setById.put(d.getId(), d));
        List<TestCase> tests =
                all.stream().filter(c -> c.getPhase() == CasePhase.TEST).toList();
        Set<UUID> ids = new LinkedHashSet<>();
        tests.forEach(c -> ids.add(c.getId()));
        Map<UUID, List<TestCase>> children = new HashMap<>();
        List<TestCase> roots = new ArrayList<>();
        for (TestCase c : tests) {
            if (c.getDependsOn() == null || !ids.contains(c.getDependsOn())) {
                roots.add(c);
            } else {
                children.computeIfAbsent(c.getDependsOn(), k -> new ArrayList<>())
                        .add(c);
            }
        }
        Comparator<TestCase> order =
                Comparator.comparingInt(TestCase::getPosition).thenComparing(TestCase::getName);
        roots.sort(order);
        for (TestCase root : roots) {
            List<TestCase> chain = new ArrayList<>();
            collect(root, children, order, chain);
            scenario(out, chain, setById);
        }
        return out.toString();
    }

    private static void collect(
            TestCase c, Map<UUID, List<TestCase>> children, Comparator<TestCase> order, List<TestCase> into) {
        into.add(c);
        List<TestCase> next = new ArrayList<>(children.getOrDefault(c.getId(), List.of()));
        next.sort(order);
        for (TestCase child : next) {
            collect(child, children, order, into);
        }
    }

    private static void scenario(StringBuilder out, List<TestCase> chain, Map<UUID, DataSet> sets) {
        DataSet set = chain.stream()
                .map(TestCase::getDataSetId)
                .filter(java.util.Objects::nonNull)
                .map(sets::get)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
        List<String> columns = new ArrayList<>();
        if (set != null) {
            set.getRows().forEach(r -> r.keySet().forEach(k -> {
                if (!columns.contains(k)) {
                    columns.add(k);
                }
            }));
        }
        TestCase first = chain.getFirst();
        out.append('\n');
        List<String> tags = first.getClassification().tags().stream()
                .filter(t -> !t.equals(FeaturePlanner.UNDEFINED_TAG))
                .toList();
        if (!tags.isEmpty()) {
            out.append("  ")
                    .append(String.join(" ", tags.stream().map(t -> "@" + t).toList()))
                    .append('\n');
        }
        String name = first.getName().replaceFirst(" › 1\\. .*$", "");
        out.append("  ")
                .append(set == null ? "Scenario: " : "Scenario Outline: ")
                .append(line(name))
                .append('\n');
        out.append("    # ").append(first.getReadableId()).append('\n');
        boolean firstStep = true;
        for (TestCase c : chain) {
            var request = c.getRequest();
            String path = request.path();
            if (request.query() != null && !request.query().isEmpty()) {
                path += "?"
                        + String.join(
                                "&",
                                request.query().entrySet().stream()
                                        .map(e -> e.getKey() + "=" + e.getValue())
                                        .toList());
            }
            out.append("    ").append(firstStep ? "When " : "And ");
            firstStep = false;
            out.append("I send ")
                    .append(request.method().name())
                    .append(" to ")
                    .append(quoted(path, columns))
                    .append('\n');
            if (request.body() != null) {
                String delimiter = request.body().contains("\"\"\"") ? "```" : "\"\"\"";
                out.append("      ").append(delimiter).append('\n');
                outline(request.body(), columns).lines().forEach(l -> out.append("      ")
                        .append(l.replace("\\", "\\\\"))
                        .append('\n'));
                out.append("      ").append(delimiter).append('\n');
            }
            var expectations = c.getExpectations();
            if (expectations != null && !expectations.status().isEmpty()) {
                out.append("    Then the response status is ")
                        .append(expectations.status().getFirst())
                        .append('\n');
            }
            if (expectations != null) {
                for (JsonPathCheck check : expectations.jsonPath()) {
                    out.append("    And the JSON at ")
                            .append(quoted(check.path(), columns))
                            .append(' ')
                            .append(check.operator().wireName())
                            .append(' ')
                            .append(quoted(check.expected() == null ? "" : check.expected(), columns))
                            .append('\n');
                }
            }
            for (Extraction x : c.getExtractions() == null ? List.<Extraction>of() : c.getExtractions()) {
                out.append("    And I keep ")
                        .append(x.source().name().toLowerCase(java.util.Locale.ROOT))
                        .append(' ')
                        .append(quoted(x.expression() == null ? "" : x.expression(), columns))
                        .append(" as ")
                        .append(quoted(x.name(), columns))
                        .append('\n');
            }
        }
        if (set != null) {
            out.append('\n')
                    .append("    Examples: ")
                    .append(line(set.getName()))
                    .append('\n');
            out.append("      |");
            columns.forEach(col -> out.append(' ').append(cell(col)).append(" |"));
            out.append('\n');
            for (Map<String, Object> row : set.getRows()) {
                out.append("      |");
                columns.forEach(col -> out.append(' ')
                        .append(cell(String.valueOf(row.getOrDefault(col, ""))))
                        .append(" |"));
                out.append('\n');
            }
        }
    }

    /** {@code {{column}}} of the outline's data set as its {@code <column>} placeholder. */
    private static String outline(String text, List<String> columns) {
        return VARIABLE.matcher(text)
                .replaceAll(m ->
                        Matcher.quoteReplacement(columns.contains(m.group(1)) ? "<" + m.group(1) + ">" : m.group()));
    }

    private static String quoted(String text, List<String> columns) {
        return "\"" + line(outline(text, columns)).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String cell(String value) {
        return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n");
    }

    private static String line(String text) {
        return text.replace('\n', ' ').replace('\r', ' ');
    }

    /** A description line that Gherkin will not take for a keyword or a comment. */
    private static String descriptionLine(String text) {
        String stripped = text.strip();
        return stripped.startsWith("#")
                        || stripped.startsWith("@")
                        || stripped.matches(
                                "^(Scenario|Rule|Background|Example|Examples|Scenarios|Scenario Outline|Scenario Template)\\b.*")
                ? "- " + stripped
                : stripped;
    }
}
