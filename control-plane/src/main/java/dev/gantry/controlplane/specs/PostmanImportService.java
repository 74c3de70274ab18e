package dev.gantry.controlplane.specs;

import dev.gantry.controlplane.common.FieldViolation;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.controlplane.common.UnprocessableException;
import dev.gantry.controlplane.plans.PlanLimit;
import dev.gantry.controlplane.plans.PlanService;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.suites.CaseDrafts;
import dev.gantry.controlplane.suites.SuiteRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Imports a Postman collection into a suite, in one transaction: every request that maps to a valid
 * case is created (through the same validation as the cases API), collection variables join the
 * suite's variables (existing ones win), and everything not mapped is answered, item by item.
 * Requests the mapper linked are created in collection order, each depending on the one created
 * before it in its chain and running after its failures, as Newman would run them.
 */
@Service
public class PostmanImportService {
    private final SuiteRepository suites;
    private final CaseDrafts drafts;
    private final JdbcTemplate jdbc;
    private final PlanService plans;

    PostmanImportService(SuiteRepository suites, CaseDrafts drafts, JdbcTemplate jdbc, PlanService plans) {
        this.suites = suites;
        this.drafts = drafts;
        this.jdbc = jdbc;
        this.plans = plans;
    }

    /** A created case; {@code dependsOn}: the case before it in its chain, or null. */
    public record Created(UUID id, String name, UUID dependsOn) {}

    /** Cases linked into one chain (by name, in order) because of the variables one sets and a later one uses. */
    public record Linked(List<String> cases, List<String> variables) {}

    public record Answer(
            UUID suiteId,
            List<Created> created,
            List<String> variables,
            List<PostmanMapper.Unmapped> unmapped,
            List<Linked> chains) {}

    /**
     * Whole or nothing: an import whose cases would take the suite beyond the plan's
     * MaxTestCasesPerSuite is refused (403 {@code plan-limit}) and rolled back, so a suite never
     * holds half a collection.
     */
    @Transactional
    public Answer importCollection(Caller caller, UUID suiteId, byte[] body) {
        suites.require(suiteId, caller.tenantId());
        plans.holdLimit(caller.tenantId(), PlanLimit.MaxTestCasesPerSuite);
        JsonNode collection;
        try {
            collection = JsonColumns.MAPPER.readTree(body);
        } catch (RuntimeException e) {
            throw new InvalidInputException("body", "not JSON: " + e.getMessage());
        }
        if (collection == null || !collection.isObject()) {
            throw new InvalidInputException("body", "a Postman collection is a JSON object");
        }
        String schema = collection.path("info").path("schema").asString("");
        if (!schema.contains("/collection/v2.")) {
            throw new UnprocessableException(
                    "unsupported-collection", "not a Postman collection v2.0/v2.1 (info.schema is '" + schema + "')");
        }
        PostmanMapper.Result result = PostmanMapper.map(collection);
        List<PostmanMapper.Unmapped> unmapped = new ArrayList<>(result.unmapped());
        List<String> taken = jdbc.queryForList("select name from test_cases where suite_id = ?", String.class, suiteId);
        List<Created> created = new ArrayList<>();
        Map<Integer, PostmanMapper.Chain> chainOf = new HashMap<>();
        result.chains().forEach(chain -> chain.drafts().forEach(i -> chainOf.put(i, chain)));
        // the case created last in each chain, which the next one of the chain depends on
        Map<PostmanMapper.Chain, Created> last = new HashMap<>();
        Map<PostmanMapper.Chain, List<String>> linkedNames = new LinkedHashMap<>();
        for (int i = 0; i < result.drafts().size(); i++) {
            PostmanMapper.Draft draft = result.drafts().get(i);
            String name = (String) draft.json().get("name");
            if (taken.contains(name)) {
                unmapped.add(new PostmanMapper.Unmapped(
                        draft.item(), "request", "a case named '" + name + "' already exists"));
                continue;
            }
            PostmanMapper.Chain chain = chainOf.get(i);
            Map<String, Object> json = draft.json();
            Created previous = chain == null ? null : last.get(chain);
            if (previous != null) {
                json = new LinkedHashMap<>(json);
                json.put("dependsOn", previous.id());
                // Newman runs every request of an iteration, whatever failed before it
                json.put("runAfterFailure", true);
            }
            try {
                Created made = new Created(
                        drafts.create(caller.tenantId(), suiteId, caller.userId(), json),
                        name,
                        previous == null ? null : previous.id());
                created.add(made);
                if (chain != null) {
                    last.put(chain, made);
                    linkedNames.computeIfAbsent(chain, c -> new ArrayList<>()).add(name);
                }
            } catch (InvalidInputException e) {
                unmapped.add(new PostmanMapper.Unmapped(
                        draft.item(),
                        "request",
                        "not a valid case: "
                                + e.violations().stream()
                                        .map(FieldViolation::toString)
                                        .collect(Collectors.joining("; "))));
            }
        }
        plans.checkAdded(
                caller.tenantId(),
                PlanLimit.MaxTestCasesPerSuite,
                created.size(),
                () -> cases(suiteId),
                "cannot import " + created.size() + " cases into suite " + suiteId);
        drafts.addVariables(caller.tenantId(), suiteId, caller.userId(), result.variables());
        List<Linked> chains = new ArrayList<>();
        linkedNames.forEach((chain, names) -> {
            if (names.size() > 1) {
                chains.add(new Linked(names, chain.variables()));
            }
        });
        return new Answer(suiteId, created, List.copyOf(result.variables().keySet()), unmapped, chains);
    }

    private long cases(UUID suiteId) {
        return jdbc.queryForObject("select count(*) from test_cases where suite_id = ?", Long.class, suiteId);
    }
}
