package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.common.UnprocessableException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;

/**
 * Groups enabled cases into chains: a case and everything that depends on it, directly or not,
 * run in one worker in dependency order (ties broken by position), so extracted variables flow down.
 * Public for the suite's export, which writes its requests in the order a run would send them.
 */
public final class ChainPlanner {
    /** What the planner needs of a case. */
    public record Node(UUID id, String name, int position, UUID dependsOn) {}

    private ChainPlanner() {}

    public static List<List<UUID>> chains(List<Node> enabled) {
        Map<UUID, Node> byId = new LinkedHashMap<>();
        enabled.forEach(n -> byId.put(n.id(), n));
        Map<UUID, List<Node>> children = new HashMap<>();
        List<Node> roots = new ArrayList<>();
        for (Node node : enabled) {
            if (node.dependsOn() == null) {
                roots.add(node);
            } else if (!byId.containsKey(node.dependsOn())) {
                throw new UnprocessableException(
                        "disabled-dependency",
                        "case '" + node.name() + "' depends on case " + node.dependsOn()
                                + ", which is disabled or missing");
            } else {
                children.computeIfAbsent(node.dependsOn(), k -> new ArrayList<>())
                        .add(node);
            }
        }
        Comparator<Node> byPosition = Comparator.comparingInt(Node::position).thenComparing(Node::name);
        roots.sort(byPosition);
        List<List<UUID>> chains = new ArrayList<>();
        int placed = 0;
        for (Node root : roots) {
            List<UUID> chain = new ArrayList<>();
            PriorityQueue<Node> ready = new PriorityQueue<>(byPosition);
            ready.add(root);
            while (!ready.isEmpty()) {
                Node next = ready.poll();
                chain.add(next.id());
                ready.addAll(children.getOrDefault(next.id(), List.of()));
            }
            placed += chain.size();
            chains.add(chain);
        }
        if (placed != enabled.size()) {
            throw new UnprocessableException("dependency-cycle", "the suite's case dependencies form a cycle");
        }
        return chains;
    }
}
