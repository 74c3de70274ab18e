package dev.gantry.controlplane.exports;

import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.runs.ChainPlanner;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.suites.CasePhase;
import dev.gantry.controlplane.suites.DataSet;
import dev.gantry.controlplane.suites.DataSetRepository;
import dev.gantry.controlplane.suites.Suite;
import dev.gantry.controlplane.suites.SuiteRepository;
import dev.gantry.controlplane.suites.TestCase;
import dev.gantry.controlplane.suites.TestCaseRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * A suite as a Postman collection and its data as a Newman data file, for {@code newman run
 * <collection> -d <data file> --env-var baseUrl=<base URL>}.
 */
@RestController
class ExportController {
    /** How many items of the suite were not exported as they are in Gantry; the collection's description lists them. */
    static final String NOT_EXPORTED_HEADER = "Gantry-Not-Exported";

    private final SuiteRepository suites;
    private final TestCaseRepository cases;
    private final DataSetRepository dataSets;

    ExportController(SuiteRepository suites, TestCaseRepository cases, DataSetRepository dataSets) {
        this.suites = suites;
        this.cases = cases;
        this.dataSets = dataSets;
    }

    @GetMapping("/api/v1/suites/{suiteId}/export/postman")
    @Transactional(readOnly = true)
    ResponseEntity<ObjectNode> postman(Caller caller, @PathVariable UUID suiteId) {
        Suite suite = suites.require(suiteId, caller.tenantId());
        List<TestCase> all = cases.findBySuiteIdOrderByPositionAscCreatedAtAsc(suiteId);
        // a manual case is done by hand and may have no request: like a run, the collection leaves it out
        List<TestCase> enabled = all.stream().filter(TestCase::isRun).toList();
        Map<UUID, TestCase> byId = enabled.stream().collect(Collectors.toMap(TestCase::getId, Function.identity()));
        List<PostmanCollection.Step> steps = new ArrayList<>();
        runOnce(enabled, CasePhase.SETUP, steps);
        List<TestCase> tests =
                enabled.stream().filter(c -> c.getPhase() == CasePhase.TEST).toList();
        List<List<UUID>> chains = ChainPlanner.chains(tests.stream()
                .map(c -> new ChainPlanner.Node(c.getId(), c.getName(), c.getPosition(), c.getDependsOn()))
                .toList());
        for (List<UUID> chain : chains) {
            for (int i = 0; i < chain.size(); i++) {
                TestCase c = byId.get(chain.get(i));
                TestCase parent = c.getDependsOn() == null ? null : byId.get(c.getDependsOn());
                steps.add(new PostmanCollection.Step(
                        c.definition(),
                        CasePhase.TEST,
                        i == 0,
                        i < chain.size() - 1,
                        parent == null ? null : parent.getName(),
                        c.getDataSetId() != null));
            }
        }
        runOnce(enabled, CasePhase.TEARDOWN, steps);
        List<String> disabled =
                all.stream().filter(c -> !c.isEnabled()).map(TestCase::getName).toList();
        List<String> manual = all.stream()
                .filter(c -> c.isEnabled() && !c.isRun())
                .map(TestCase::getName)
                .toList();
        PostmanCollection.Result result = PostmanCollection.of(
                new PostmanCollection.Suite(
                        suite.getId(), suite.getName(), suite.getDescription(), suite.getVariables()),
                steps,
                disabled,
                manual);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(suite.getName() + ".postman_collection.json"))
                .header(NOT_EXPORTED_HEADER, String.valueOf(result.notes().size()))
                .body(result.collection());
    }

    /** Setup or teardown cases: one chain in position order, as a run has them. */
    private static void runOnce(List<TestCase> enabled, CasePhase phase, List<PostmanCollection.Step> steps) {
        List<TestCase> once =
                enabled.stream().filter(c -> c.getPhase() == phase).toList();
        for (int i = 0; i < once.size(); i++) {
            steps.add(new PostmanCollection.Step(
                    once.get(i).definition(), phase, i == 0, i < once.size() - 1, null, false));
        }
    }

    /**
     * Rows as Newman reads them: a JSON array of objects, every value the text a template inserts.
     * Without {@code dataSet}, the rows a run's unpinned chains run with: every enabled data set no
     * enabled case pins, in order.
     */
    @GetMapping("/api/v1/suites/{suiteId}/export/newman-data")
    @Transactional(readOnly = true)
    ResponseEntity<List<Map<String, String>>> newmanData(
            Caller caller, @PathVariable UUID suiteId, @RequestParam(required = false) UUID dataSet) {
        Suite suite = suites.require(suiteId, caller.tenantId());
        List<DataSet> sets;
        String fileName;
        if (dataSet != null) {
            DataSet one = dataSets.findByIdAndTenantId(dataSet, caller.tenantId())
                    .filter(d -> d.getSuiteId().equals(suiteId))
                    .orElseThrow(() -> new NotFoundException("data set", dataSet));
            sets = List.of(one);
            fileName = suite.getName() + " - " + one.getName() + ".json";
        } else {
            Set<UUID> pinned = cases.findBySuiteIdOrderByPositionAscCreatedAtAsc(suiteId).stream()
                    .filter(TestCase::isRun)
                    .map(TestCase::getDataSetId)
                    .filter(Objects::nonNull)
                    .collect(Collectors.toSet());
            sets = dataSets.findBySuiteIdOrderByCreatedAtAsc(suiteId).stream()
                    .filter(d -> d.isEnabled() && !pinned.contains(d.getId()))
                    .toList();
            fileName = suite.getName() + ".json";
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (DataSet set : sets) {
            for (Map<String, Object> row : set.getRows()) {
                Map<String, String> values = new LinkedHashMap<>();
                row.forEach((column, value) -> values.put(column, text(value)));
                rows.add(values);
            }
        }
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(fileName))
                .body(rows);
    }

    /** As a run's templates insert it (the runs package's RunData does the same for a snapshot). */
    private static String text(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return JsonColumns.MAPPER.writeValueAsString(value);
    }

    private static String attachment(String fileName) {
        return ContentDisposition.attachment()
                .filename(fileName, java.nio.charset.StandardCharsets.UTF_8)
                .build()
                .toString();
    }
}
