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
import java.util.List;
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

    public record Created(UUID id, String name) {}

    public record Answer(
            UUID suiteId, List<Created> created, List<String> variables, List<PostmanMapper.Unmapped> unmapped) {}

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
        for (PostmanMapper.Draft draft : result.drafts()) {
            String name = (String) draft.json().get("name");
            if (taken.contains(name)) {
                unmapped.add(new PostmanMapper.Unmapped(
                        draft.item(), "request", "a case named '" + name + "' already exists"));
                continue;
            }
            try {
                created.add(new Created(drafts.create(caller.tenantId(), suiteId, draft.json()), name));
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
        drafts.addVariables(caller.tenantId(), suiteId, result.variables());
        return new Answer(suiteId, created, List.copyOf(result.variables().keySet()), unmapped);
    }

    private long cases(UUID suiteId) {
        return jdbc.queryForObject("select count(*) from test_cases where suite_id = ?", Long.class, suiteId);
    }
}
