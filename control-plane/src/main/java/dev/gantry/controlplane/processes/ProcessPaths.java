package dev.gantry.controlplane.processes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paths through a diagram version, from each top-level start event to where the process ends,
 * depth first in the order the diagram lists its flows (so the answer is the same every time):
 *
 * <ul>
 *   <li>an exclusive or event-based gateway (or an activity with several outgoing flows) branches:
 *       one path per outgoing flow;
 *   <li>an inclusive gateway branches into each outgoing flow alone and then all of them together
 *       (taken whole as a parallel gateway is, up to the inclusive gateway that joins them);
 *   <li>a parallel gateway is taken whole: each branch is walked up to the gateway that joins them,
 *       and the branches' steps follow one another in the order the diagram lists the branches
 *       (several choices inside branches multiply);
 *   <li>a boundary event is an alternative way out of its activity: one more path leaving through it;
 *   <li>a sub-process is entered at its start event and left by its outgoing flows once an end event
 *       inside it is reached; an event sub-process is not on any path (nothing flows into it);
 *   <li>an element is entered at most {@code 1 + maxLoops} times on one path: a loop is taken at most
 *       {@code maxLoops} times, and a path that would take it more often is dropped (its way out
 *       is another path);
 *   <li>message flows between pools are not followed: each pool's process has its own paths, from
 *       its own start events.
 * </ul>
 *
 * At most {@code maxPaths} paths are kept; when there are more the answer says so ({@code capped}).
 * A pure function of its inputs.
 */
final class ProcessPaths {
    /** Elements entered in all, whatever the paths: bounds the work a huge diagram can ask for. */
    static final int MAX_STEPS = 500_000;

    /** An element entered on a path, with the sequence flows taken from the element before it. */
    record Visit(String elementId, List<String> flowIds) {}

    /** A flow whose condition a path needs to hold ({@code wanted}) or not to hold. */
    record Condition(String flowId, String expression, boolean wanted) {}

    /** A choice a path made at a gateway or a boundary event. */
    record Branch(String atId, String flowId, String label) {}

    /** One path: what it enters in order, the choices it made, the conditions they need. */
    record Path(String startId, String endId, List<Visit> visits, List<Branch> branches, List<Condition> conditions) {
        List<String> elementIds() {
            return visits.stream().map(Visit::elementId).toList();
        }

        List<String> flowIds() {
            return visits.stream().flatMap(v -> v.flowIds().stream()).toList();
        }
    }

    /** The paths found, whether there were more than {@code maxPaths}, and what could not be followed. */
    record Result(List<Path> paths, boolean capped, List<String> warnings) {}

    private final Map<String, ProcessModel.Element> elements = new LinkedHashMap<>();
    private final Map<String, List<ProcessModel.Flow>> outgoing = new HashMap<>();
    private final Map<String, Integer> incoming = new HashMap<>();
    private final Map<String, List<ProcessModel.Element>> boundaries = new HashMap<>();
    private final int maxLoops;
    private final int maxPaths;
    private final java.util.Set<String> warnings = new java.util.LinkedHashSet<>();
    private int steps;
    private boolean capped;

    private ProcessPaths(
            List<ProcessModel.Element> elements, List<ProcessModel.Flow> flows, int maxLoops, int maxPaths) {
        this.maxLoops = maxLoops;
        this.maxPaths = maxPaths;
        for (ProcessModel.Element e : elements) {
            this.elements.put(e.elementId(), e);
            if (e.attachedTo() != null) {
                boundaries
                        .computeIfAbsent(e.attachedTo(), k -> new ArrayList<>())
                        .add(e);
            }
        }
        for (ProcessModel.Flow f : flows) {
            if (f.kind().equals("SEQUENCE") && f.sourceId() != null && f.targetId() != null) {
                outgoing.computeIfAbsent(f.sourceId(), k -> new ArrayList<>()).add(f);
                incoming.merge(f.targetId(), 1, Integer::sum);
            }
        }
    }

    static Result find(List<ProcessModel.Element> elements, List<ProcessModel.Flow> flows, int maxLoops, int maxPaths) {
        return new ProcessPaths(elements, flows, maxLoops, maxPaths).all();
    }

    private Result all() {
        List<Path> paths = new ArrayList<>();
        List<ProcessModel.Element> starts = elements.values().stream()
                .filter(e -> e.type().equals("startEvent") && e.parentId() == null)
                .toList();
        if (starts.isEmpty()) {
            warnings.add("the diagram has no start event outside sub-processes: no path starts anywhere");
        }
        for (ProcessModel.Element start : starts) {
            for (Walk w : walk(new Walk(start.elementId()), start.elementId(), null)) {
                if (paths.size() >= maxPaths) {
                    capped = true;
                    break;
                }
                paths.add(new Path(
                        w.startId, w.end, List.copyOf(w.visits), List.copyOf(w.branches), List.copyOf(w.conditions)));
            }
        }
        return new Result(List.copyOf(paths), capped, List.copyOf(warnings));
    }

    /** A path under way. */
    private static final class Walk {
        final String startId;
        final List<Visit> visits = new ArrayList<>();
        final List<Branch> branches = new ArrayList<>();
        final List<Condition> conditions = new ArrayList<>();
        final Map<String, Integer> entered = new HashMap<>();
        List<String> pending = new ArrayList<>();
        String end;

        Walk(String startId) {
            this.startId = startId;
        }

        Walk copy() {
            Walk c = new Walk(startId);
            c.visits.addAll(visits);
            c.branches.addAll(branches);
            c.conditions.addAll(conditions);
            c.entered.putAll(entered);
            c.pending = new ArrayList<>(pending);
            return c;
        }

        Walk taking(ProcessModel.Flow flow) {
            pending.add(flow.flowId());
            return this;
        }
    }

    /** How a walk goes on at a node. */
    private enum Mode {
        /** entered, unless it is the join the walk stops at */
        ENTER,
        /** entered as the join of branches taken together: not a place to stop */
        JOIN,
        /** already entered: left by its outgoing flows */
        LEAVE,
        /** the walk ends here ({@code end} is set) */
        END
    }

    private record Item(Walk walk, String node, Mode mode) {
        Item(Walk walk, String node, boolean entered) {
            this(walk, node, entered ? Mode.LEAVE : Mode.ENTER);
        }
    }

    /**
     * Walks from {@code node} until end events, dead ends or (for a parallel or inclusive branch) the
     * converging gateway of type {@code joinType}, where the walk stops without entering it.
     */
    private List<Walk> walk(Walk first, String node, String joinType) {
        List<Walk> done = new ArrayList<>();
        Deque<Item> stack = new ArrayDeque<>();
        stack.push(new Item(first, node, false));
        while (!stack.isEmpty()) {
            if (done.size() > maxPaths || ++steps > MAX_STEPS) {
                capped = true;
                break;
            }
            Item item = stack.pop();
            Walk w = item.walk();
            String id = item.node();
            ProcessModel.Element element = elements.get(id);
            if (item.mode() == Mode.END || element == null) {
                w.end = item.mode() == Mode.END ? w.end : id;
                done.add(w);
                continue;
            }
            if (item.mode() != Mode.LEAVE) {
                if (item.mode() == Mode.ENTER
                        && joinType != null
                        && element.type().equals(joinType)
                        && incoming.getOrDefault(id, 0) > 1) {
                    w.end = id;
                    done.add(w);
                    continue;
                }
                int times = w.entered.merge(id, 1, Integer::sum);
                if (times > 1 + maxLoops) {
                    continue; // the loop was taken as often as allowed; the way out is another path
                }
                w.visits.add(new Visit(id, List.copyOf(w.pending)));
                w.pending = new ArrayList<>();
                if (element.category() == ProcessModel.Category.SUB_PROCESS && enterSubProcess(w, element, stack)) {
                    continue;
                }
            }
            leave(w, element, stack, done);
        }
        return done;
    }

    /** Walks into a sub-process; the walks that reach its end continue from it. False when it is empty. */
    private boolean enterSubProcess(Walk w, ProcessModel.Element sub, Deque<Item> stack) {
        ProcessModel.Element start = elements.values().stream()
                .filter(e -> sub.elementId().equals(e.parentId()) && e.type().equals("startEvent"))
                .findFirst()
                .orElseGet(() -> elements.values().stream()
                        .filter(e -> sub.elementId().equals(e.parentId())
                                && e.attachedTo() == null
                                && e.category() != ProcessModel.Category.LANE
                                && incoming.getOrDefault(e.elementId(), 0) == 0
                                && !Boolean.TRUE.equals(e.properties().get("triggeredByEvent")))
                        .findFirst()
                        .orElse(null));
        if (start == null) {
            return false;
        }
        List<Walk> inner = walk(w, start.elementId(), null);
        for (int i = inner.size() - 1; i >= 0; i--) {
            Walk out = inner.get(i);
            out.end = null;
            stack.push(new Item(out, sub.elementId(), true));
        }
        return true;
    }

    /** Takes the walk out of {@code element}: ends it, or pushes the ways on (first way on top). */
    private void leave(Walk w, ProcessModel.Element element, Deque<Item> stack, List<Walk> done) {
        String id = element.elementId();
        List<ProcessModel.Flow> outs = outgoing.getOrDefault(id, List.of());
        List<Item> ways = new ArrayList<>();
        if (outs.isEmpty()) {
            if (!element.type().equals("endEvent")
                    && boundaries.getOrDefault(id, List.of()).isEmpty()) {
                warnings.add("element " + id + " has no outgoing sequence flow; the paths through it end there");
            }
        } else if (outs.size() == 1) {
            ways.add(new Item(w.taking(outs.getFirst()), outs.getFirst().targetId(), false));
        } else if (element.type().equals("parallelGateway")) {
            ways.addAll(together(w, element, outs, "parallelGateway"));
        } else if (element.type().equals("inclusiveGateway")) {
            for (ProcessModel.Flow f : outs) {
                ways.add(chosen(w.copy(), element, f, outs));
            }
            for (Item all : together(w, element, outs, "inclusiveGateway")) {
                ways.add(all);
            }
        } else {
            for (ProcessModel.Flow f : outs) {
                ways.add(chosen(w.copy(), element, f, outs));
            }
        }
        for (ProcessModel.Element boundary : boundaries.getOrDefault(id, List.of())) {
            Walk b = w.copy();
            b.branches.add(new Branch(id, null, label(boundary) + " (boundary event)"));
            ways.add(new Item(b, boundary.elementId(), false));
        }
        if (ways.isEmpty()) {
            w.end = id;
            done.add(w);
            return;
        }
        for (int i = ways.size() - 1; i >= 0; i--) {
            stack.push(ways.get(i));
        }
    }

    /** One outgoing flow of a branching element: its condition holds, the other conditions do not. */
    private Item chosen(Walk w, ProcessModel.Element at, ProcessModel.Flow taken, List<ProcessModel.Flow> outs) {
        w.branches.add(new Branch(at.elementId(), taken.flowId(), label(at) + ": " + label(taken)));
        for (ProcessModel.Flow f : outs) {
            if (f.condition() != null && !f.condition().isBlank()) {
                w.conditions.add(new Condition(f.flowId(), f.condition(), f == taken));
            }
        }
        return new Item(w.taking(taken), taken.targetId(), false);
    }

    /**
     * Every outgoing flow at once: each branch walked to the join, the branches' choices multiplied,
     * each combination continuing from the join (or ending, when its branches do not meet).
     */
    private List<Item> together(Walk w, ProcessModel.Element at, List<ProcessModel.Flow> outs, String joinType) {
        List<Walk> combined = List.of(w.copy());
        for (ProcessModel.Flow f : outs) {
            Walk branch = new Walk(w.startId);
            branch.entered.putAll(w.entered);
            branch.taking(f);
            if (f.condition() != null && !f.condition().isBlank()) {
                branch.conditions.add(new Condition(f.flowId(), f.condition(), true));
            }
            List<Walk> ends = walk(branch, f.targetId(), joinType);
            List<Walk> next = new ArrayList<>();
            for (Walk before : combined) {
                for (Walk end : ends) {
                    if (next.size() > maxPaths) {
                        capped = true;
                        break;
                    }
                    Walk c = before.copy();
                    c.visits.addAll(end.visits);
                    c.branches.addAll(end.branches);
                    c.conditions.addAll(end.conditions);
                    end.entered.forEach((k, v) -> c.entered.merge(k, v, Math::max));
                    c.pending.addAll(end.pending);
                    c.end = c.end == null || c.end.equals(end.end) ? end.end : "";
                    next.add(c);
                }
            }
            combined = next;
        }
        List<Item> ways = new ArrayList<>();
        String all = label(at) + ": all of "
                + String.join(", ", outs.stream().map(this::label).toList());
        for (Walk c : combined) {
            c.branches.add(new Branch(at.elementId(), null, all));
            ProcessModel.Element join = c.end == null ? null : elements.get(c.end);
            if (join != null && join.type().equals(joinType)) {
                String joinId = c.end;
                c.end = null;
                // the join is entered once, by the flows of every branch
                ways.add(new Item(c, joinId, Mode.JOIN));
            } else {
                warnings.add("the branches of " + at.elementId() + " do not meet at one joining gateway; "
                        + "their paths end where the branches end");
                c.end = c.end == null || c.end.isEmpty() ? at.elementId() : c.end;
                ways.add(new Item(c, c.end, Mode.END));
            }
        }
        return ways;
    }

    private String label(ProcessModel.Element e) {
        return e.name() == null || e.name().isBlank()
                ? e.elementId()
                : e.name().replaceAll("\\s+", " ").strip();
    }

    private String label(ProcessModel.Flow f) {
        if (f.name() != null && !f.name().isBlank()) {
            return f.name().replaceAll("\\s+", " ").strip();
        }
        if (f.condition() != null && !f.condition().isBlank()) {
            return f.condition().strip();
        }
        ProcessModel.Element target = elements.get(f.targetId());
        return target == null ? f.flowId() : label(target);
    }
}
