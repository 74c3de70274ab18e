package dev.gantry.controlplane.specs;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every {@code $ref} of a document before any parser resolves it. A reference to another
 * document (a URL or a file) is refused, so nothing is ever fetched; a chain of references that
 * only points at other references and comes back to itself is refused (it describes nothing);
 * a local reference to nothing is kept as a parse error of the stored document.
 */
final class SpecReferences {
    private SpecReferences() {}

    /** The dangling local references (location and target); throws for remote references and pure cycles. */
    static List<SpecProblem> check(JsonNode root) {
        List<String[]> refs = new ArrayList<>();
        collect(root, "", refs);
        List<SpecProblem> fatal = new ArrayList<>();
        List<SpecProblem> dangling = new ArrayList<>();
        for (String[] ref : refs) {
            String location = ref[0];
            String target = ref[1];
            if (!target.startsWith("#")) {
                fatal.add(new SpecProblem(
                        location, "reference to another document '" + abbreviate(target) + "' (never fetched)"));
                continue;
            }
            JsonNode node = resolve(root, target);
            if (node == null) {
                dangling.add(new SpecProblem(location, "reference to nothing: " + abbreviate(target)));
                continue;
            }
            Set<String> seen = new LinkedHashSet<>();
            seen.add(target);
            while (node != null
                    && node.isObject()
                    && node.size() == 1
                    && node.path("$ref").isTextual()) {
                String next = node.get("$ref").asText();
                if (!next.startsWith("#")) {
                    break; // reported on its own
                }
                if (!seen.add(next)) {
                    fatal.add(new SpecProblem(
                            location, "cyclic reference: " + String.join(" -> ", seen) + " -> " + next));
                    break;
                }
                node = resolve(root, next);
            }
            if (fatal.size() >= 50) {
                break;
            }
        }
        if (!fatal.isEmpty()) {
            throw new SpecRejectedException(dedupe(fatal));
        }
        return dedupe(dangling);
    }

    private static List<SpecProblem> dedupe(List<SpecProblem> problems) {
        return List.copyOf(new LinkedHashSet<>(problems));
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static void collect(JsonNode node, String pointer, List<String[]> refs) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                if (field.getKey().equals("$ref") && field.getValue().isTextual()) {
                    refs.add(new String[] {child, field.getValue().asText()});
                } else {
                    collect(field.getValue(), child, refs);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, refs);
            }
        }
    }

    /** The node a local reference ({@code #/components/schemas/Pet}) points at, or null. */
    static JsonNode resolve(JsonNode root, String ref) {
        String fragment = ref.substring(1);
        if (fragment.isEmpty()) {
            return root;
        }
        if (!fragment.startsWith("/")) {
            return null; // a plain-name fragment ($anchor) is not looked up here
        }
        try {
            JsonNode node = root.at(JsonPointer.compile(decodePercent(fragment)));
            return node.isMissingNode() ? null : node;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String decodePercent(String fragment) {
        if (!fragment.contains("%")) {
            return fragment;
        }
        try {
            return java.net.URLDecoder.decode(fragment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return fragment;
        }
    }
}
