package dev.gantry.controlplane.specs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gantry.model.CaseDefinition;
import dev.gantry.model.ConformanceSpec;
import dev.gantry.model.PathTemplates;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Gives each case of a run the documented responses of the endpoint it calls (by its method and path
 * matched to the project's active specification), as self-contained JSON Schema documents: the schema
 * plus the components its references reach. Frozen into the snapshot, so workers never ask for them.
 */
@Component
public class ConformanceSpecs {
    static final String DRAFT_04 = "http://json-schema.org/draft-04/schema#";
    static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

    private final SpecStore store;

    ConformanceSpecs(SpecStore store) {
        this.store = store;
    }

    /** The cases, those matching a documented endpoint with their conformance check. */
    public List<CaseDefinition> attach(UUID projectId, UUID tenantId, List<CaseDefinition> cases) {
        Optional<SpecStore.SpecRow> active = store.active(projectId, tenantId);
        if (active.isEmpty()) {
            return cases;
        }
        String dialect = active.get().sourceVersion().startsWith("3.1") ? DRAFT_2020_12 : DRAFT_04;
        List<SpecStore.EndpointRow> endpoints = store.endpoints(active.get().id());
        JsonNode components = store.components(active.get().id());
        List<PathTemplates.Entry<SpecStore.EndpointRow>> templates = endpoints.stream()
                .map(e -> new PathTemplates.Entry<>(e.method(), e.path(), e))
                .toList();
        Map<UUID, ConformanceSpec> built = new HashMap<>();
        List<CaseDefinition> out = new ArrayList<>(cases.size());
        for (CaseDefinition c : cases) {
            SpecStore.EndpointRow endpoint = PathTemplates.match(
                    templates,
                    c.request().method().name(),
                    PathTemplates.pathOf(c.request().path()));
            out.add(
                    endpoint == null
                            ? c
                            : c.withConformance(
                                    built.computeIfAbsent(endpoint.id(), id -> spec(endpoint, components, dialect))));
        }
        return out;
    }

    static ConformanceSpec spec(SpecStore.EndpointRow endpoint, JsonNode components, String dialect) {
        Map<String, String> responses = new LinkedHashMap<>();
        for (SpecStore.ResponseRow r : endpoint.responses()) {
            boolean json = r.contentType() == null
                    || r.contentType().toLowerCase(Locale.ROOT).contains("json");
            responses.put(
                    r.status(),
                    r.schema() == null || !json ? "" : document(SpecStore.node(r.schema()), components, dialect));
        }
        return new ConformanceSpec(endpoint.method() + " " + endpoint.path(), responses, dialect);
    }

    /** {@code {$schema, allOf: [schema], components: {schemas: what the references reach}}}. */
    static String document(JsonNode schema, JsonNode components, String dialect) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("$schema", dialect);
        ArrayNode allOf = doc.putArray("allOf");
        allOf.add(schema);
        JsonNode all = components == null ? null : components.path("schemas");
        ObjectNode reached = JsonNodeFactory.instance.objectNode();
        Set<String> seen = new LinkedHashSet<>();
        Deque<JsonNode> todo = new ArrayDeque<>();
        todo.add(schema);
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            refs(node, name -> {
                if (all != null && all.has(name) && seen.add(name)) {
                    reached.set(name, all.get(name));
                    todo.add(all.get(name));
                }
            });
        }
        doc.putObject("components").set("schemas", reached);
        return doc.toString();
    }

    private static void refs(JsonNode node, java.util.function.Consumer<String> found) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#/components/schemas/")) {
                found.accept(ref.asText().substring("#/components/schemas/".length()));
            }
            node.elements().forEachRemaining(child -> refs(child, found));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> refs(child, found));
        }
    }
}
