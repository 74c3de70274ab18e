package dev.gantry.controlplane.processes;

import dev.gantry.controlplane.specs.EndpointCases;
import dev.gantry.controlplane.specs.SpecStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a diagram's paths into chains of cases over their bound steps, the plan that the preview
 * answers and the generation writes:
 *
 * <ul>
 *   <li>each path is one chain ({@code dependsOn}) of happy cases, one per bound step in path order;
 *       an unbound task is skipped (listed with the paths it is on), and the flows through it count
 *       as flows taken to reach the next case;
 *   <li>a step that creates something (a POST whose success answer declares {@code id} or
 *       {@code <resource>Id}) extracts it as {@code <resource>Id} ({@code POST /orders} →
 *       {@code orderId} from {@code $.id}); a later step's path parameter of that name, or an
 *       {@code {id}} after the resource's segment ({@code /orders/{id}}), takes {@code {{orderId}}};
 *   <li>requests, bodies and negative variants are those of the specification's case generator
 *       ({@link EndpointCases}); a body property named like a condition variable takes the path's value;
 *   <li>the variables the path's conditions read ({@link ConditionValues}) are the path's data row;
 *   <li>negative cases (once per step element, on the first path reaching it) depend on the step
 *       before, sit just before the step's happy case, and expect 4xx: the generator's variants plus
 *       an unknown id for each path parameter fed by an earlier step.
 * </ul>
 */
final class ScenarioPlanner {
    static final JsonMapper JSON = JsonMapper.builder().build();

    static final int MAX_NAME = 200;

    /** A case to write. {@code dependsOnKey} names the case it follows, within the plan. */
    record PlannedCase(
            String key,
            String elementId,
            String kind,
            String scenario,
            List<String> flowIds,
            String dependsOnKey,
            Map<String, Object> json) {
        String name() {
            return (String) json.get("name");
        }
    }

    /** A path as the answer shows it. */
    record PlannedPath(
            String name,
            String label,
            String startId,
            String endId,
            List<String> elementIds,
            List<String> flowIds,
            List<ProcessPaths.Condition> conditions,
            Map<String, Object> row,
            List<String> steps,
            List<String> unbound,
            int cases) {}

    /** A task no case exercises, for lack of a binding. */
    record Unbound(String elementId, String name, List<String> paths) {}

    record Plan(List<PlannedPath> paths, List<PlannedCase> cases, List<Unbound> unbound, List<String> warnings) {}

    private final Map<String, ProcessModel.Element> elements = new LinkedHashMap<>();
    private final Map<String, SpecStore.EndpointRow> bound;
    private final EndpointCases generator;
    private final boolean negative;
    private final List<String> warnings = new ArrayList<>();
    private final Set<String> negated = new HashSet<>();
    private final Map<String, Unbound> unbound = new LinkedHashMap<>();

    private ScenarioPlanner(
            List<ProcessModel.Element> elements,
            Map<String, SpecStore.EndpointRow> bound,
            EndpointCases generator,
            boolean negative) {
        elements.forEach(e -> this.elements.put(e.elementId(), e));
        this.bound = bound;
        this.generator = generator;
        this.negative = negative;
    }

    static Plan plan(
            ProcessPaths.Result found,
            List<ProcessModel.Element> elements,
            Map<String, SpecStore.EndpointRow> bound,
            EndpointCases generator,
            boolean negative) {
        return new ScenarioPlanner(elements, bound, generator, negative).plan(found);
    }

    private Plan plan(ProcessPaths.Result found) {
        warnings.addAll(found.warnings());
        List<PlannedPath> paths = new ArrayList<>();
        List<PlannedCase> cases = new ArrayList<>();
        List<String> idle = new ArrayList<>();
        int n = 0;
        for (ProcessPaths.Path path : found.paths()) {
            n++;
            String name = "P" + n;
            Map<String, Object> row = row(name, path);
            List<PlannedCase> chain = chain(name, path, row);
            cases.addAll(chain);
            List<String> steps = path.visits().stream()
                    .map(ProcessPaths.Visit::elementId)
                    .filter(bound::containsKey)
                    .filter(id -> isStep(elements.get(id)))
                    .toList();
            List<String> skipped = path.visits().stream()
                    .map(ProcessPaths.Visit::elementId)
                    .filter(id -> isStep(elements.get(id)) && !bound.containsKey(id))
                    .distinct()
                    .toList();
            skipped.forEach(id -> unbound.computeIfAbsent(
                            id, k -> new Unbound(k, elements.get(k).name(), new ArrayList<>()))
                    .paths()
                    .add(name));
            if (steps.isEmpty()) {
                idle.add(name);
            }
            paths.add(new PlannedPath(
                    name,
                    label(path),
                    path.startId(),
                    path.endId(),
                    path.elementIds(),
                    path.flowIds(),
                    path.conditions(),
                    row,
                    steps,
                    skipped,
                    chain.size()));
        }
        if (!idle.isEmpty()) {
            warnings.add(String.join(", ", idle) + (idle.size() == 1 ? " has" : " have")
                    + " no bound task: no case is made for " + (idle.size() == 1 ? "it" : "them"));
        }
        if (found.capped()) {
            warnings.addFirst("the diagram has more paths than maxPaths; the first "
                    + found.paths().size() + " were kept (raise maxPaths, at most " + ScenarioService.MAX_PATHS
                    + ", or lower maxLoops)");
        }
        return new Plan(List.copyOf(paths), List.copyOf(cases), List.copyOf(unbound.values()), List.copyOf(warnings));
    }

    private static boolean isStep(ProcessModel.Element e) {
        return e != null && DiagramVersions.bindable(e);
    }

    private String label(ProcessPaths.Path path) {
        if (path.branches().isEmpty()) {
            return "the only way through";
        }
        return String.join(
                " → ", path.branches().stream().map(ProcessPaths.Branch::label).toList());
    }

    /** The variables the path's conditions read, with values that send the path its way. */
    private Map<String, Object> row(String name, ProcessPaths.Path path) {
        Map<String, Object> row = new LinkedHashMap<>();
        Set<String> reported = new LinkedHashSet<>();
        for (ProcessPaths.Condition c : path.conditions()) {
            Optional<Map<String, Object>> values = ConditionValues.solve(c.expression(), c.wanted());
            if (values.isEmpty()) {
                if (reported.add(c.flowId())) {
                    warnings.add(name + ": the condition " + c.expression() + " of flow " + c.flowId()
                            + " is not understood; the data row does not set its variables");
                }
                continue;
            }
            values.get().forEach((variable, value) -> {
                if (row.containsKey(variable) && !java.util.Objects.equals(row.get(variable), value)) {
                    warnings.add(name + ": " + variable + " takes " + row.get(variable) + " and then " + value
                            + " along the path (a loop); the data row holds the last, " + value);
                }
                row.put(variable, value);
            });
        }
        return row;
    }

    private List<PlannedCase> chain(String scenario, ProcessPaths.Path path, Map<String, Object> row) {
        List<PlannedCase> out = new ArrayList<>();
        Set<String> variables = new LinkedHashSet<>();
        List<String> flows = new ArrayList<>();
        String previous = null;
        int step = 0;
        for (ProcessPaths.Visit visit : path.visits()) {
            flows.addAll(visit.flowIds());
            ProcessModel.Element element = elements.get(visit.elementId());
            SpecStore.EndpointRow endpoint = bound.get(visit.elementId());
            if (!isStep(element) || endpoint == null || generator == null) {
                continue;
            }
            step++;
            Map<String, String> pathValues = pathValues(endpoint, variables);
            String title = scenario + " · " + step + " · " + text(element);
            List<String> reached = List.copyOf(flows);
            if (negative && negated.add(element.elementId())) {
                for (EndpointCases.Case c : negatives(endpoint, pathValues)) {
                    Map<String, Object> json = c.json();
                    json.put("name", name(title + " · negative · " + c.detail()));
                    out.add(new PlannedCase(
                            scenario + "#" + step + "#negative#" + c.detail(),
                            element.elementId(),
                            "NEGATIVE",
                            scenario,
                            reached,
                            previous,
                            json));
                }
            }
            Map<String, Object> json = generator.happy(endpoint, pathValues).json();
            json.put("name", name(title + " (" + endpoint.method() + " " + endpoint.path() + ")"));
            withRow(json, row);
            creates(endpoint).ifPresent(extraction -> {
                json.put("extractions", List.of(extraction));
                variables.add((String) extraction.get("name"));
            });
            String key = scenario + "#" + step + "#happy";
            out.add(new PlannedCase(key, element.elementId(), "HAPPY", scenario, reached, previous, json));
            previous = key;
            flows.clear();
        }
        return out;
    }

    private List<EndpointCases.Case> negatives(SpecStore.EndpointRow endpoint, Map<String, String> pathValues) {
        List<EndpointCases.Case> out = new ArrayList<>(generator.negatives(endpoint, pathValues));
        pathValues.forEach((param, value) -> {
            if (value.startsWith("{{")) {
                String unknown = "unknown-" + value.substring(2, value.length() - 2);
                Map<String, String> changed = new LinkedHashMap<>(pathValues);
                changed.put(param, unknown);
                Map<String, Object> json = generator.happy(endpoint, changed).json();
                json.put("expectations", new LinkedHashMap<>(Map.of("status", List.of("4xx"))));
                out.add(new EndpointCases.Case("negative", "unknown " + param, json));
            }
        });
        return out;
    }

    private static String text(ProcessModel.Element e) {
        String name = e.name() == null || e.name().isBlank() ? e.elementId() : e.name();
        return name.replaceAll("\\s+", " ").strip();
    }

    private static String name(String name) {
        return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME - 1) + "…";
    }

    /** Each path parameter fed by an earlier step's extraction, by its name or its resource's name. */
    private static Map<String, String> pathValues(SpecStore.EndpointRow endpoint, Set<String> variables) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] segments = endpoint.path().split("/");
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (!s.startsWith("{") || !s.endsWith("}")) {
                continue;
            }
            String param = s.substring(1, s.length() - 1);
            if (variables.contains(param)) {
                values.put(param, "{{" + param + "}}");
                continue;
            }
            String before = i > 0 ? segments[i - 1] : "";
            String resource = before.isEmpty() || before.startsWith("{") ? null : variableOf(before);
            if (resource != null && variables.contains(resource)) {
                values.put(param, "{{" + resource + "}}");
            }
        }
        return values;
    }

    /** {@code orders} → {@code orderId}, {@code delivery-addresses} → {@code deliveryAddressId}. */
    static String variableOf(String segment) {
        List<String> words = Words.split(segment);
        if (words.isEmpty()) {
            return null;
        }
        StringBuilder name = new StringBuilder(words.getFirst());
        for (int i = 1; i < words.size(); i++) {
            name.append(Character.toUpperCase(words.get(i).charAt(0)))
                    .append(words.get(i).substring(1));
        }
        String plural = name.toString();
        String singular;
        if (plural.endsWith("ies") && plural.length() > 4) {
            singular = plural.substring(0, plural.length() - 3) + "y";
        } else if (plural.endsWith("sses") || plural.endsWith("xes") || plural.endsWith("ches")) {
            singular = plural.substring(0, plural.length() - 2);
        } else if (plural.endsWith("s") && !plural.endsWith("ss")) {
            singular = plural.substring(0, plural.length() - 1);
        } else {
            singular = plural;
        }
        return singular + "Id";
    }

    /** The extraction of a creating step: a POST to a collection whose success answer declares an id. */
    private Optional<Map<String, Object>> creates(SpecStore.EndpointRow endpoint) {
        if (!endpoint.method().equals("POST")) {
            return Optional.empty();
        }
        String[] segments = endpoint.path().split("/");
        String last = segments.length == 0 ? "" : segments[segments.length - 1];
        if (last.isEmpty() || last.startsWith("{")) {
            return Optional.empty();
        }
        String variable = variableOf(last);
        if (variable == null) {
            return Optional.empty();
        }
        return generator.idField(endpoint, variable).map(field -> {
            Map<String, Object> extraction = new LinkedHashMap<>();
            extraction.put("name", variable);
            extraction.put("source", "BODY");
            extraction.put("expression", "$." + field);
            return extraction;
        });
    }

    /** A JSON body's top-level properties named like the row's variables take the row's values. */
    private static void withRow(Map<String, Object> json, Map<String, Object> row) {
        if (row.isEmpty() || !(json.get("request") instanceof Map<?, ?> request)) {
            return;
        }
        if (!"JSON".equals(request.get("bodyType")) || !(request.get("body") instanceof String body)) {
            return;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (RuntimeException e) {
            return;
        }
        if (!(tree instanceof ObjectNode object)) {
            return;
        }
        boolean changed = false;
        for (Map.Entry<String, Object> v : row.entrySet()) {
            if (object.has(v.getKey())) {
                object.set(v.getKey(), JSON.valueToTree(v.getValue()));
                changed = true;
            }
        }
        if (changed) {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) request;
            Map<String, Object> copy = new LinkedHashMap<>(r);
            copy.put("body", object.toString());
            json.put("request", copy);
        }
    }
}
