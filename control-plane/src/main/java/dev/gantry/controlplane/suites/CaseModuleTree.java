package dev.gantry.controlplane.suites;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A project's modules read once ({@link CaseModuleController#MAX_NODES} at most), asked for a node's
 * sub-tree and for paths such as {@code Billing/Invoices/PDF}: each level's name, a {@code /} or
 * {@code \} inside a name written {@code \/} or {@code \\}, so that every path reads back to its node.
 */
final class CaseModuleTree {
    private final Map<UUID, CaseModule> byId = new LinkedHashMap<>();
    private final Map<UUID, List<CaseModule>> children = new HashMap<>();

    private CaseModuleTree() {}

    static CaseModuleTree of(List<CaseModule> modules) {
        CaseModuleTree tree = new CaseModuleTree();
        modules.forEach(tree::add);
        return tree;
    }

    void add(CaseModule module) {
        byId.put(module.getId(), module);
        children.computeIfAbsent(module.getParentId(), k -> new ArrayList<>()).add(module);
    }

    int size() {
        return byId.size();
    }

    Optional<CaseModule> get(UUID id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The node and every node below it (three levels at most). */
    List<UUID> subtree(UUID id) {
        List<UUID> ids = new ArrayList<>();
        List<UUID> next = List.of(id);
        while (!next.isEmpty()) {
            ids.addAll(next);
            List<UUID> below = new ArrayList<>();
            for (UUID parent : next) {
                children.getOrDefault(parent, List.of()).forEach(m -> below.add(m.getId()));
            }
            next = below;
        }
        return ids;
    }

    /** The path of a node, from its module down to it. */
    String path(UUID id) {
        List<String> names = new ArrayList<>();
        for (CaseModule at = byId.get(id); at != null; at = byId.get(at.getParentId())) {
            names.addFirst(at.getName().replace("\\", "\\\\").replace("/", "\\/"));
        }
        return String.join("/", names);
    }

    /** The child of {@code parentId} (null: a top-level module) with this name, if there is one. */
    Optional<CaseModule> child(UUID parentId, String name) {
        return children.getOrDefault(parentId, List.of()).stream()
                .filter(m -> m.getName().equals(name) && Objects.equals(m.getParentId(), parentId))
                .findFirst();
    }

    /** A path's names, unescaped and stripped; empty names are kept for the caller to refuse. */
    static List<String> names(String path) {
        List<String> names = new ArrayList<>();
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' && i + 1 < path.length()) {
                name.append(path.charAt(++i));
            } else if (c == '/') {
                names.add(name.toString().strip());
                name.setLength(0);
            } else {
                name.append(c);
            }
        }
        names.add(name.toString().strip());
        return names;
    }
}
