package dev.gantry.controlplane.processes;

import dev.gantry.controlplane.specs.SpecStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ranks a specification's endpoints for a task by a confidence score between 0 and 1, the sum of
 * five weighted parts, each of which the answer shows with the stems it matched:
 *
 * <ul>
 *   <li>{@code operationId} (0.30): how alike the task name's words and the operationId's words are
 *       (Jaccard: shared over all), so "Reserve stock" and {@code reserveStock} score 1;
 *   <li>{@code resource} (0.30): the share of the task name's words the endpoint's resource names: the
 *       operationId, tags and last literal path segment count whole, earlier path segments half
 *       ({@code /orders/{orderId}/payments} names {@code payment} whole and {@code order} half);
 *   <li>{@code summary} (0.15): the share of the task name's words in the endpoint's summary;
 *   <li>{@code documentation} (0.10): the share of the task documentation's words found anywhere in the
 *       endpoint (none without documentation);
 *   <li>{@code verb} (0.15): the task's verb word against the method: create/add/register/submit/place
 *       → POST, get/show/check/view/list/find → GET, update/change/edit/modify → PUT or PATCH,
 *       cancel/delete/remove → DELETE; 1 when they agree, 0 when they disagree, 0.5 when the task has
 *       no verb word known here ("Reserve stock", "Ship order").
 * </ul>
 *
 * Ties keep the specification's order. A pure function of its inputs.
 */
final class EndpointMatcher {
    static final double W_OPERATION = 0.30;
    static final double W_RESOURCE = 0.30;
    static final double W_SUMMARY = 0.15;
    static final double W_DOCUMENTATION = 0.10;
    static final double W_VERB = 0.15;

    /** Words of a task's documentation that count; a long text is read only so far. */
    static final int MAX_DOC_WORDS = 40;

    private static final Map<String, Set<String>> VERBS = verbs();

    /** One part of a score: its weight, its value (0..1) and the stems that made it. */
    record Part(String part, double weight, double value, List<String> matched) {}

    /** A ranked endpoint. */
    record Suggestion(
            java.util.UUID endpointId,
            String method,
            String path,
            String operationId,
            String summary,
            double confidence,
            List<Part> parts) {}

    /** An endpoint's words, read once for every task ranked against it. */
    private record Features(
            SpecStore.EndpointRow endpoint,
            Set<String> operation,
            Set<String> tags,
            Set<String> last,
            Set<String> earlier,
            Set<String> summary,
            Set<String> everything) {}

    private final List<Features> endpoints;

    EndpointMatcher(List<SpecStore.EndpointRow> endpoints) {
        this.endpoints = endpoints.stream().map(EndpointMatcher::features).toList();
    }

    private static Map<String, Set<String>> verbs() {
        Map<String, Set<String>> verbs = new HashMap<>();
        Set<String> post = Set.of("POST");
        Set<String> get = Set.of("GET");
        Set<String> put = Set.of("PUT", "PATCH");
        Set<String> delete = Set.of("DELETE");
        List.of("create", "add", "register", "submit", "place", "post", "book", "open", "issue", "upload", "new")
                .forEach(w -> verbs.put(Words.stem(w), post));
        List.of(
                        "get",
                        "show",
                        "check",
                        "view",
                        "list",
                        "find",
                        "read",
                        "fetch",
                        "retrieve",
                        "search",
                        "look",
                        "track",
                        "display",
                        "query",
                        "load")
                .forEach(w -> verbs.put(Words.stem(w), get));
        List.of("update", "change", "edit", "modify", "set", "replace", "amend", "rename", "adjust", "correct")
                .forEach(w -> verbs.put(Words.stem(w), put));
        List.of("cancel", "delete", "remove", "revoke", "withdraw", "discard", "drop", "destroy")
                .forEach(w -> verbs.put(Words.stem(w), delete));
        return Map.copyOf(verbs);
    }

    /** Every endpoint scored for the task, best first. */
    List<Suggestion> rank(String name, String documentation) {
        List<String> task = Words.stems(name, 20);
        List<String> doc = Words.stems(documentation, MAX_DOC_WORDS);
        String verb = task.stream().filter(VERBS::containsKey).findFirst().orElse(null);
        List<Suggestion> out = new ArrayList<>();
        for (Features f : endpoints) {
            out.add(score(task, doc, verb, f));
        }
        // stable: equal scores keep the document order
        out.sort(Comparator.comparingDouble(Suggestion::confidence).reversed());
        return out;
    }

    private static Features features(SpecStore.EndpointRow e) {
        Set<String> operation = new HashSet<>(Words.stems(e.operationId(), 20));
        Set<String> tags = new HashSet<>();
        e.tags().forEach(t -> tags.addAll(Words.stems(t, 10)));
        List<String> literals = new ArrayList<>();
        for (String segment : e.path().split("/")) {
            if (!segment.isEmpty() && !segment.startsWith("{") && !segment.matches("v\\d+")) {
                literals.add(segment);
            }
        }
        Set<String> last = new HashSet<>(literals.isEmpty() ? List.of() : Words.stems(literals.getLast(), 10));
        Set<String> earlier = new HashSet<>();
        for (int i = 0; i < literals.size() - 1; i++) {
            earlier.addAll(Words.stems(literals.get(i), 10));
        }
        Set<String> summary = new HashSet<>(Words.stems(e.summary(), 60));
        Set<String> everything = new HashSet<>(operation);
        everything.addAll(tags);
        everything.addAll(last);
        everything.addAll(earlier);
        everything.addAll(summary);
        return new Features(e, operation, tags, last, earlier, summary, everything);
    }

    private static Suggestion score(List<String> task, List<String> doc, String verb, Features f) {
        SpecStore.EndpointRow e = f.endpoint();
        Set<String> operation = f.operation();
        Set<String> tags = f.tags();
        Set<String> last = f.last();
        Set<String> earlier = f.earlier();
        Set<String> summary = f.summary();
        Set<String> everything = f.everything();
        List<Part> parts = new ArrayList<>();
        // operationId: Jaccard of the two word sets
        Set<String> union = new HashSet<>(task);
        union.addAll(operation);
        List<String> shared = task.stream().filter(operation::contains).toList();
        parts.add(
                part("operationId", W_OPERATION, union.isEmpty() ? 0 : (double) shared.size() / union.size(), shared));
        // resource: whole for the operationId, tags and last segment, half for earlier segments
        double credit = 0;
        List<String> named = new ArrayList<>();
        for (String word : task) {
            if (operation.contains(word) || tags.contains(word) || last.contains(word)) {
                credit += 1;
                named.add(word);
            } else if (earlier.contains(word)) {
                credit += 0.5;
                named.add(word + " (½)");
            }
        }
        parts.add(part("resource", W_RESOURCE, task.isEmpty() ? 0 : credit / task.size(), named));
        List<String> inSummary = task.stream().filter(summary::contains).toList();
        parts.add(part("summary", W_SUMMARY, task.isEmpty() ? 0 : (double) inSummary.size() / task.size(), inSummary));
        List<String> inEndpoint = doc.stream().filter(everything::contains).toList();
        parts.add(part(
                "documentation",
                W_DOCUMENTATION,
                doc.isEmpty() ? 0 : (double) inEndpoint.size() / doc.size(),
                inEndpoint));
        double verbValue;
        if (verb == null) {
            verbValue = 0.5;
        } else {
            verbValue = VERBS.get(verb).contains(e.method()) ? 1 : 0;
        }
        parts.add(part("verb", W_VERB, verbValue, verb == null ? List.of() : List.of(verb + " → " + e.method())));
        double total = parts.stream().mapToDouble(p -> p.weight() * p.value()).sum();
        return new Suggestion(
                e.id(), e.method(), e.path(), e.operationId(), e.summary(), round(Math.min(1, total)), parts);
    }

    private static Part part(String name, double weight, double value, List<String> matched) {
        return new Part(name, weight, round(value), List.copyOf(matched));
    }

    static double round(double value) {
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).doubleValue();
    }
}
