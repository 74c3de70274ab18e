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
 *   <li>its own element, and the sequence flows it took to reach it (its {@code flowIds}): the
 *       outcome as it is;
 *   <li>the elements those flows pass through on the way (the previous step, gateways, the start
 *       event): {@code PASSED} when the case ran, since the path got through them, whatever the step
 *       it led to did; {@code NOT_REACHED} otherwise;
 *   <li>for a {@code HAPPY} case, what follows its element without a choice (while the element has
 *       exactly one outgoing sequence flow that no happy case of its scenario took): that flow and
 *       its target, typically up to the end event after a path's last step: {@code PASSED} when the
 *       case passed, {@code NOT_REACHED} otherwise.
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

    private ElementVerdicts() {}

    static Computed compute(
            List<ProcessModel.Element> elements,
            List<ProcessModel.Flow> flows,
            List<ProcessScenarios.CaseElement> cases,
            Map<UUID, Status> outcomes) {
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
        // the flows each scenario's happy path takes: what follows a step without a choice stops there
        Map<String, Set<String>> takenByScenario = new HashMap<>();
        for (ProcessScenarios.CaseElement c : cases) {
            if (c.kind().equals("HAPPY")) {
                takenByScenario
                        .computeIfAbsent(c.scenario(), k -> new HashSet<>())
                        .addAll(c.flowIds());
            }
        }

        Map<String, int[]> elementCounts = new HashMap<>();
        Map<String, int[]> flowCounts = new HashMap<>();
        for (ProcessScenarios.CaseElement c : cases) {
            Status outcome = outcomes.getOrDefault(c.caseId(), Status.NOT_REACHED);
            Status passedThrough = outcome == Status.NOT_REACHED ? Status.NOT_REACHED : Status.PASSED;
            Map<String, Status> onElements = new LinkedHashMap<>();
            Map<String, Status> onFlows = new LinkedHashMap<>();
            for (String flowId : c.flowIds()) {
                ProcessModel.Flow f = sequence.get(flowId);
                if (f == null) {
                    continue; // a mark naming no sequence flow of the version exercises nothing
                }
                onFlows.put(flowId, outcome);
                onElements.putIfAbsent(f.sourceId(), passedThrough);
                onElements.putIfAbsent(f.targetId(), passedThrough);
            }
            onElements.put(c.elementId(), outcome);
            if (c.kind().equals("HAPPY")) {
                Status after = outcome == Status.PASSED ? Status.PASSED : Status.NOT_REACHED;
                Set<String> taken = takenByScenario.getOrDefault(c.scenario(), Set.of());
                String at = c.elementId();
                while (true) {
                    List<ProcessModel.Flow> next = outgoing.getOrDefault(at, List.of());
                    if (next.size() != 1) {
                        break;
                    }
                    ProcessModel.Flow f = next.getFirst();
                    if (taken.contains(f.flowId()) || onFlows.containsKey(f.flowId())) {
                        break;
                    }
                    onFlows.put(f.flowId(), after);
                    onElements.putIfAbsent(f.targetId(), after);
                    at = f.targetId();
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
            if (source != null && source.category() == ProcessModel.Category.GATEWAY) {
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
