package dev.gantry.controlplane.changelog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * The net difference between two versions, from the entries between them taken oldest first: per
 * case, each field's value before the first entry that touched it against its value after the last,
 * so a field changed and changed back is no difference, and a case created and deleted in between
 * is none either.
 */
final class VersionComparison {
    enum Net {
        ADDED,
        CHANGED,
        REMOVED
    }

    record FieldChange(String field, JsonNode from, JsonNode to) {}

    record CaseChange(UUID caseId, String readableId, String name, Net change, List<FieldChange> fields) {}

    private static final class Tracked {
        boolean existedBefore;
        boolean existsAfter;
        String readableId;
        String name;
        final Map<String, JsonNode> first = new LinkedHashMap<>();
        final Map<String, JsonNode> last = new LinkedHashMap<>();
    }

    private final Map<UUID, Tracked> cases = new LinkedHashMap<>();

    /** Takes the next entry; entries come oldest first. */
    void accept(ChangeLogStore.EntryRow e) {
        Tracked t = cases.computeIfAbsent(e.caseId(), id -> {
            Tracked fresh = new Tracked();
            fresh.existedBefore = e.change() != CaseDiff.Change.CREATED;
            return fresh;
        });
        t.readableId = e.readableId();
        t.name = e.caseName();
        switch (e.change()) {
            case CREATED -> {
                t.existsAfter = true;
                e.newValue().properties().forEach(f -> {
                    t.first.putIfAbsent(f.getKey(), NullNode.getInstance());
                    t.last.put(f.getKey(), f.getValue());
                });
            }
            case CHANGED -> {
                t.existsAfter = true;
                t.first.putIfAbsent(e.field(), orNull(e.oldValue()));
                t.last.put(e.field(), orNull(e.newValue()));
            }
            case DELETED -> {
                t.existsAfter = false;
                e.oldValue().properties().forEach(f -> {
                    t.first.putIfAbsent(f.getKey(), f.getValue());
                    t.last.put(f.getKey(), NullNode.getInstance());
                });
            }
        }
    }

    /** The cases that differ, in the order they were first changed. */
    List<CaseChange> result() {
        List<CaseChange> changes = new ArrayList<>();
        cases.forEach((id, t) -> {
            Net net;
            if (t.existedBefore && t.existsAfter) {
                net = Net.CHANGED;
            } else if (t.existsAfter) {
                net = Net.ADDED;
            } else if (t.existedBefore) {
                net = Net.REMOVED;
            } else {
                return;
            }
            List<FieldChange> fields = new ArrayList<>();
            for (String field : new TreeSet<>(t.first.keySet())) {
                JsonNode from = t.first.get(field);
                JsonNode to = orNull(t.last.get(field));
                if (!Objects.equals(from, to)) {
                    fields.add(new FieldChange(field, from, to));
                }
            }
            if (net != Net.CHANGED || !fields.isEmpty()) {
                changes.add(new CaseChange(id, t.readableId, t.name, net, fields));
            }
        });
        return changes;
    }

    private static JsonNode orNull(JsonNode node) {
        return node == null ? NullNode.getInstance() : node;
    }
}
