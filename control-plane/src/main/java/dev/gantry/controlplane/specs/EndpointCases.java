package dev.gantry.controlplane.specs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cases {@link CaseGenerator} makes for one endpoint, for features that chain endpoints in an
 * order of their own (a business process's path): the same happy request and negative variants a
 * generation makes, with path parameters pinned to the caller's values (a {@code {{variable}}} an
 * earlier step extracted). Plain case JSON, as a client sends it to the cases API.
 */
public final class EndpointCases {
    /**
     * One case.
     *
     * @param kind   {@code happy} or {@code negative}
     * @param detail what a negative case changes ({@code body missing sku}); null for the happy case
     */
    public record Case(String kind, String detail, Map<String, Object> json) {}

    private final JsonNode components;

    /** @param components the specification's components ({@link SpecStore#components}) */
    public EndpointCases(JsonNode components) {
        this.components = components;
    }

    /** The happy case, its path parameters taken from {@code pathValues} where named there. */
    public Case happy(SpecStore.EndpointRow endpoint, Map<String, String> pathValues) {
        CaseGenerator.Generated g = generator(pathValues).happyOf(endpoint);
        return new Case(g.kind(), null, new LinkedHashMap<>(g.json()));
    }

    /** The negative cases (missing required field, wrong type, outside the enum, malformed JSON). */
    public List<Case> negatives(SpecStore.EndpointRow endpoint, Map<String, String> pathValues) {
        return generator(pathValues).negativesOf(endpoint).stream()
                .map(g -> new Case(
                        g.kind(), g.key().substring(g.key().lastIndexOf('#') + 1), new LinkedHashMap<>(g.json())))
                .toList();
    }

    /**
     * The property of the endpoint's success answer that carries the id of what it made: {@code
     * preferred} when its schema declares it, else {@code id}; empty when it declares neither.
     */
    public Optional<String> idField(SpecStore.EndpointRow endpoint, String preferred) {
        return Optional.ofNullable(generator(Map.of()).idFieldOf(endpoint, preferred));
    }

    private CaseGenerator generator(Map<String, String> pathValues) {
        return new CaseGenerator(components, Set.of("happy", "negative"), Map.copyOf(pathValues));
    }
}
