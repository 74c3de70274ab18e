package dev.gantry.controlplane.changelog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The entries one write makes, from the cases as they were before it and after it: a case only after
 * is CREATED (one entry holding every field), only before is DELETED (one entry holding every field),
 * in both is CHANGED once per field whose value differs. Values longer than the bound are cut.
 */
final class CaseDiff {
    enum Change {
        CREATED,
        CHANGED,
        DELETED
    }

    /** One entry; {@code field} is null for a creation or a deletion, whose value holds every field. */
    record Entry(
            UUID caseId,
            String readableId,
            String name,
            Change change,
            String field,
            JsonNode oldValue,
            JsonNode newValue,
            boolean truncated) {}

    private CaseDiff() {}

    static List<Entry> diff(Map<UUID, ChangeLog.CaseState> before, Map<UUID, ChangeLog.CaseState> after, int max) {
        List<Entry> entries = new ArrayList<>();
        TreeSet<UUID> ids = new TreeSet<>(before.keySet());
        ids.addAll(after.keySet());
        for (UUID id : ids) {
            ChangeLog.CaseState was = before.get(id);
            ChangeLog.CaseState is = after.get(id);
            if (was == null && is == null) {
                continue;
            }
            if (was == null) {
                Bounded whole = whole(is, max);
                entries.add(
                        new Entry(id, is.readableId(), is.name(), Change.CREATED, null, null, whole.value, whole.cut));
            } else if (is == null) {
                Bounded whole = whole(was, max);
                entries.add(new Entry(
                        id, was.readableId(), was.name(), Change.DELETED, null, whole.value, null, whole.cut));
            } else {
                TreeSet<String> fields = new TreeSet<>(was.fields().keySet());
                fields.addAll(is.fields().keySet());
                for (String field : fields) {
                    JsonNode old = orNull(was.fields().get(field));
                    JsonNode now = orNull(is.fields().get(field));
                    if (!Objects.equals(old, now)) {
                        Bounded o = bound(old, max);
                        Bounded n = bound(now, max);
                        entries.add(new Entry(
                                id,
                                is.readableId(),
                                is.name(),
                                Change.CHANGED,
                                field,
                                o.value,
                                n.value,
                                o.cut || n.cut));
                    }
                }
            }
        }
        return entries;
    }

    private static JsonNode orNull(JsonNode node) {
        return node == null ? NullNode.getInstance() : node;
    }

    record Bounded(JsonNode value, boolean cut) {}

    /** Every field of a case, each bounded on its own. */
    private static Bounded whole(ChangeLog.CaseState state, int max) {
        ObjectNode all = JsonNodeFactory.instance.objectNode();
        boolean cut = false;
        for (String field : new TreeSet<>(state.fields().keySet())) {
            Bounded b = bound(orNull(state.fields().get(field)), max);
            all.set(field, b.value);
            cut |= b.cut;
        }
        return new Bounded(all, cut);
    }

    /** The value, or the first {@code max} characters of its JSON and an ellipsis as a string. */
    static Bounded bound(JsonNode value, int max) {
        String json = value.toString();
        if (json.length() <= max) {
            return new Bounded(value, false);
        }
        return new Bounded(JsonNodeFactory.instance.textNode(json.substring(0, max) + "…"), true);
    }
}
