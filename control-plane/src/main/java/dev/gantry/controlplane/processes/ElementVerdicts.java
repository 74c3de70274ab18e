package dev.gantry.controlplane.processes;

import dev.gantry.controlplane.processes.ProcessResults.Count;
import dev.gantry.controlplane.processes.ProcessResults.ElementResult;
import dev.gantry.controlplane.processes.ProcessResults.FlowResult;
import dev.gantry.controlplane.processes.ProcessResults.Status;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The rules that turn a run's per-case outcomes into results per element and per sequence flow of
 * the diagram its suite was generated from. A pure function, so that each rule is tested on its own.
 *
 * <p>Each case of the suite contributes its outcome in the run ({@code PASSED}: every step that ran
 * passed; {@code FAILED}: a step failed or errored; {@code NOT_REACHED}: none of its steps ran, as
 * when an earlier step of its chain failed, or it was not in the run) to:
 *
 * <ul>
 *   <li>its own element, and the sequence flow of its {@code flowIds} that enters it (a gateway's
 *       branch, when a gateway comes before it): the outcome as it is;
 *   <li>the other flows of its {@code flowIds} and the elements they pass through on the way (the
 *       previous step, gateways, the start event): {@code PASSED} when the case ran, since the path
 *       got through them, whatever the step it led to did; {@code NOT_REACHED} otherwise;
 *   <li>for the last {@code HAPPY} case of a scenario (in the run's order of cases), the path's
 *       tail, which no case records: the way from its element to an end event through gateways and
 *       events only (no other task), when there is exactly one such way: {@code PASSED} when the
 *       case passed, {@code NOT_REACHED} otherwise. (After "Review", with an exclusive gateway whose
 *       "yes" leads to the end and "no" to another task, the tail is the gateway and "yes".)
 * </ul>
 *
 * A case contributes once to an element or flow. An element's or flow's status is {@code FAILED}
 * if a contribution failed, else {@code PASSED} if one passed, else {@code NOT_REACHED} if it has
 * contributions, else {@code NOT_IN_SCENARIO}: no case of the suite exercises it. An element or flow
 * is exercised by the run when it PASSED or FAILED. Pools and lanes have no results; message flows
 * neither (only sequence flows are taken by a path).
 */
final class ElementVerdicts {
    /** The categories whose elements are results and count for coverage. */
    static final Set<ProcessModel.Category> COUNTED = Set.of(
            ProcessModel.Category.EVENT,
            ProcessModel.Category.TASK,
            ProcessModel.Category.SUB_PROCESS,
            ProcessModel.Category.GATEWAY);

    /** The results, and the counts of process coverage (elements, sequence flows). */
    record Computed(
            List<ElementResult> elementResults,
            List<FlowResult> flowResults,
            List<FlowResult> branches,
            Count elements,
            Count flows) {}

    /** A case's outcome in the run. */
    record Outcome(UUID caseId, Status status) {}

    /** Most ways to an end event looked for from a path's last step: two already mean there is a choice. */
    private static final int WAYS = 2;

    /** Most flows looked at in that search: a mesh of gateways gives up (no tail) rather than take long. */
    private static final int SEARCH_BUDGET = 10_000;

    private ElementVerdicts() {}

    /**
     * @param outcomes the run's outcomes in its order of cases; a case of the suite that is not there
     *     did not run
     */
    static Computed compute(
            List<ProcessModel.Element> elements,
            List<ProcessModel.Flow> flows,
            List<ProcessScenarios.CaseElement> cases,
            List<Outcome> outcomes) {
        Map<String, ProcessModel.Element> byId = new HashMap<>();
        elements.forEach(e -> byId.put(e.elementId(), e));
        Map<String, ProcessModel.Flow> sequence = new LinkedHashMap<>();
        Map<String, List<ProcessModel.Flow>> outgoing = new HashMap<>();
        for (ProcessModel.Flow f : flows) {
            if (f.kind().equals("SEQUENCE")) {
                sequence.put(f.flowId(), f);
                outgoing.computeIfAbsent(f.sourceId(), k -> new ArrayList<>()).add(f);
            }
        }
        Map<UUID, Status> statusOf = new HashMap<>();
        Map<UUID, Integer> order = new HashMap<>();
        for (Outcome o : outcomes) {
            statusOf.put(o.caseId(), o.status());
            order.put(o.caseId(), order.size());
        }
        // each scenario's last happy case: the one the run has last (cases not in the run come after)
        Map<String, ProcessScenarios.CaseElement> last = new HashMap<>();
        for (ProcessScenarios.CaseElement c : cases) {
            if (c.kind().equals("HAPPY")) {
                last.merge(
                        c.scenario(),
                        c,
                        (a, b) -> order.getOrDefault(b.caseId(), Integer.MAX_VALUE)
                                        >= order.getOrDefault(a.caseId(), Integer.MAX_VALUE)
                                ? b
                                : a);
            }
        }

        Map<String, int[]> elementCounts = new HashMap<>();
        Map<String, int[]> flowCounts = new HashMap<>();
        for (ProcessScenarios.CaseElement c : cases) {
            Status outcome = statusOf.getOrDefault(c.caseId(), Status.NOT_REACHED);
            Status passedThrough = outcome == Status.NOT_REACHED ? Status.NOT_REACHED : Status.PASSED;
            Map<String, Status> onElements = new LinkedHashMap<>();
            Map<String, Status> onFlows = new LinkedHashMap<>();
            for (String flowId : c.flowIds()) {
                ProcessModel.Flow f = sequence.get(flowId);
                if (f == null) {
                    continue; // a mark naming no sequence flow of the version exercises nothing
                }
                // the flow into its element shares its fate; those before it were only passed through
                onFlows.put(flowId, f.targetId().equals(c.elementId()) ? outcome : passedThrough);
                onElements.putIfAbsent(f.sourceId(), passedThrough);
                onElements.putIfAbsent(f.targetId(), passedThrough);
            }
            onElements.put(c.elementId(), outcome);
            if (last.get(c.scenario()) == c) {
                Status after = outcome == Status.PASSED ? Status.PASSED : Status.NOT_REACHED;
                List<List<ProcessModel.Flow>> ways = new ArrayList<>();
                waysToAnEnd(c.elementId(), byId, outgoing, new ArrayList<>(), new HashSet<>(), ways, new int[] {
                    SEARCH_BUDGET
                });
                if (ways.size() == 1) {
                    for (ProcessModel.Flow f : ways.getFirst()) {
                        onFlows.putIfAbsent(f.flowId(), after);
                        onElements.putIfAbsent(f.targetId(), after);
                    }
                }
            }
            onElements.forEach((id, status) -> count(elementCounts, id, status));
            onFlows.forEach((id, status) -> count(flowCounts, id, status));
        }

        List<ElementResult> elementResults = new ArrayList<>();
        int inScenario = 0, exercised = 0;
        for (ProcessModel.Element e : elements) {
            if (!COUNTED.contains(e.category())) {
                continue;
            }
            int[] n = elementCounts.getOrDefault(e.elementId(), new int[3]);
            Status status = status(n);
            inScenario += status == Status.NOT_IN_SCENARIO ? 0 : 1;
            exercised += exercised(status) ? 1 : 0;
            elementResults.add(new ElementResult(
                    e.elementId(), e.type(), e.category().name(), e.name(), status, n[0], n[1], n[2]));
        }
        List<FlowResult> flowResults = new ArrayList<>();
        List<FlowResult> branches = new ArrayList<>();
        int flowsInScenario = 0, flowsExercised = 0;
        for (ProcessModel.Flow f : sequence.values()) {
            int[] n = flowCounts.getOrDefault(f.flowId(), new int[3]);
            Status status = status(n);
            flowsInScenario += status == Status.NOT_IN_SCENARIO ? 0 : 1;
            flowsExercised += exercised(status) ? 1 : 0;
            FlowResult result =
                    new FlowResult(f.flowId(), f.sourceId(), f.targetId(), f.name(), status, n[0], n[1], n[2]);
            flowResults.add(result);
            ProcessModel.Element source = byId.get(f.sourceId());
            // a joining gateway's one way on is no choice: only a split's outgoing flows are branches
            if (source != null
                    && source.category() == ProcessModel.Category.GATEWAY
                    && outgoing.get(f.sourceId()).size() > 1) {
                branches.add(result);
            }
        }
        return new Computed(
                elementResults,
                flowResults,
                branches,
                new Count(elementResults.size(), inScenario, exercised, percent(exercised, elementResults.size())),
                new Count(
                        flowResults.size(),
                        flowsInScenario,
                        flowsExercised,
                        percent(flowsExercised, flowResults.size())));
    }

    /** Ways from {@code at} to an end event passing no task or sub-process, at most {@link #WAYS} of them. */
    private static void waysToAnEnd(
            String at,
            Map<String, ProcessModel.Element> byId,
            Map<String, List<ProcessModel.Flow>> outgoing,
            List<ProcessModel.Flow> way,
            Set<String> visited,
            List<List<ProcessModel.Flow>> ways,
            int[] budget) {
        for (ProcessModel.Flow f : outgoing.getOrDefault(at, List.of())) {
            if (ways.size() >= WAYS) {
                return;
            }
            if (--budget[0] < 0) {
                ways.add(List.of()); // too many to tell: as if there were a choice
                ways.add(List.of());
                return;
            }
            ProcessModel.Element target = byId.get(f.targetId());
            if (target == null || !visited.add(f.targetId())) {
                continue;
            }
            way.add(f);
            if (target.type().equals("endEvent")) {
                ways.add(List.copyOf(way));
            } else if (target.category() == ProcessModel.Category.GATEWAY
                    || target.category() == ProcessModel.Category.EVENT) {
                waysToAnEnd(target.elementId(), byId, outgoing, way, visited, ways, budget);
            }
            way.removeLast();
            visited.remove(f.targetId());
        }
    }

    private static void count(Map<String, int[]> counts, String id, Status status) {
        int[] n = counts.computeIfAbsent(id, k -> new int[3]);
        switch (status) {
            case PASSED -> n[0]++;
            case FAILED -> n[1]++;
            default -> n[2]++;
        }
    }

    private static Status status(int[] n) {
        if (n[1] > 0) {
            return Status.FAILED;
        }
        if (n[0] > 0) {
            return Status.PASSED;
        }
        return n[2] > 0 ? Status.NOT_REACHED : Status.NOT_IN_SCENARIO;
    }

    private static boolean exercised(Status status) {
        return status == Status.PASSED || status == Status.FAILED;
    }

    static BigDecimal percent(int part, int whole) {
        return whole == 0
                ? BigDecimal.ZERO.setScale(2)
                : BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }
}
