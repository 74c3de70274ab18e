package dev.gantry.controlplane.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.controlplane.processes.ProcessResults.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ElementVerdictsTest {
    // start -f1-> A -f2-> X(exclusive) -f3-> B -f5-> end1
    //                                   -f4-> C -f6-> end2      (and a lane, which has no result)
    final List<ProcessModel.Element> elements = List.of(
            element("lane", ProcessModel.Category.LANE, "lane"),
            element("start", ProcessModel.Category.EVENT, "startEvent"),
            element("A", ProcessModel.Category.TASK, "serviceTask"),
            element("X", ProcessModel.Category.GATEWAY, "exclusiveGateway"),
            element("B", ProcessModel.Category.TASK, "serviceTask"),
            element("C", ProcessModel.Category.TASK, "serviceTask"),
            element("end1", ProcessModel.Category.EVENT, "endEvent"),
            element("end2", ProcessModel.Category.EVENT, "endEvent"));
    final List<ProcessModel.Flow> flows = List.of(
            flow("f1", "start", "A"),
            flow("f2", "A", "X"),
            flow("f3", "X", "B"),
            flow("f4", "X", "C"),
            flow("f5", "B", "end1"),
            flow("f6", "C", "end2"),
            new ProcessModel.Flow("m1", "MESSAGE", "A", "B", null, null, false, List.of()));

    final UUID a1 = UUID.randomUUID(), b1 = UUID.randomUUID(), a2 = UUID.randomUUID(), c2 = UUID.randomUUID();
    final List<ProcessScenarios.CaseElement> twoPaths = List.of(
            new ProcessScenarios.CaseElement(a1, "A", "via B", "HAPPY", List.of("f1")),
            new ProcessScenarios.CaseElement(b1, "B", "via B", "HAPPY", List.of("f2", "f3")),
            new ProcessScenarios.CaseElement(a2, "A", "via C", "HAPPY", List.of("f1")),
            new ProcessScenarios.CaseElement(c2, "C", "via C", "HAPPY", List.of("f2", "f4")));

    @Test
    void everyCasePassedExercisesBothBranchesToTheirEnds() {
        ElementVerdicts.Computed computed = ElementVerdicts.compute(
                elements,
                flows,
                twoPaths,
                run(a1, Status.PASSED, b1, Status.PASSED, a2, Status.PASSED, c2, Status.PASSED));
        assertThat(statuses(computed.elementResults()))
                .containsExactly(
                        "start:PASSED:2/0/0",
                        "A:PASSED:4/0/0",
                        "X:PASSED:2/0/0",
                        "B:PASSED:1/0/0",
                        "C:PASSED:1/0/0",
                        "end1:PASSED:1/0/0",
                        "end2:PASSED:1/0/0");
        assertThat(flowStatuses(computed.flowResults()))
                .containsExactly(
                        "f1:PASSED:2/0/0",
                        "f2:PASSED:2/0/0",
                        "f3:PASSED:1/0/0",
                        "f4:PASSED:1/0/0",
                        "f5:PASSED:1/0/0",
                        "f6:PASSED:1/0/0");
        assertThat(computed.branches())
                .extracting(ProcessResults.FlowResult::flowId)
                .containsExactly("f3", "f4");
        assertThat(computed.elements())
                .isEqualTo(new ProcessResults.Count(7, 7, 7, new java.math.BigDecimal("100.00")));
        assertThat(computed.flows()).isEqualTo(new ProcessResults.Count(6, 6, 6, new java.math.BigDecimal("100.00")));
    }

    @Test
    void aFailedStepFailsItsElementAndBranchWhileWhatFollowsIsNotReached() {
        ElementVerdicts.Computed computed = ElementVerdicts.compute(
                elements,
                flows,
                twoPaths,
                run(a1, Status.PASSED, b1, Status.PASSED, a2, Status.PASSED, c2, Status.FAILED));
        assertThat(statuses(computed.elementResults()))
                .containsExactly(
                        "start:PASSED:2/0/0",
                        "A:PASSED:4/0/0",
                        "X:PASSED:2/0/0",
                        "B:PASSED:1/0/0",
                        "C:FAILED:0/1/0",
                        "end1:PASSED:1/0/0",
                        "end2:NOT_REACHED:0/0/1");
        assertThat(flowStatuses(computed.branches())).containsExactly("f3:PASSED:1/0/0", "f4:FAILED:0/1/0");
        assertThat(flowStatuses(computed.flowResults())).contains("f2:PASSED:2/0/0", "f6:NOT_REACHED:0/0/1");
        assertThat(computed.elements().exercised()).isEqualTo(6);
        assertThat(computed.elements().percent()).isEqualByComparingTo("85.71");
        assertThat(computed.flows().exercised()).isEqualTo(5);
    }

    @Test
    void casesSkippedAfterAFailureAreNotReachedAndElementsNoCaseExercisesAreNotInTheScenario() {
        List<ProcessScenarios.CaseElement> onePath = List.of(twoPaths.get(0), twoPaths.get(1));
        // b1 never ran: absent from the run's outcomes
        ElementVerdicts.Computed computed = ElementVerdicts.compute(elements, flows, onePath, run(a1, Status.FAILED));
        assertThat(statuses(computed.elementResults()))
                .containsExactly(
                        "start:PASSED:1/0/0",
                        "A:FAILED:0/1/1",
                        "X:NOT_REACHED:0/0/1",
                        "B:NOT_REACHED:0/0/1",
                        "C:NOT_IN_SCENARIO:0/0/0",
                        "end1:NOT_REACHED:0/0/1",
                        "end2:NOT_IN_SCENARIO:0/0/0");
        assertThat(computed.elements()).isEqualTo(new ProcessResults.Count(7, 5, 2, new java.math.BigDecimal("28.57")));
        assertThat(computed.flows()).isEqualTo(new ProcessResults.Count(6, 4, 1, new java.math.BigDecimal("16.67")));
    }

    @Test
    void aFailedNegativeCaseFailsItsElementButLeadsNowhere() {
        UUID negative = UUID.randomUUID();
        List<ProcessScenarios.CaseElement> cases = new ArrayList<>(twoPaths.subList(0, 2));
        cases.add(new ProcessScenarios.CaseElement(negative, "B", "via B", "NEGATIVE", List.of("f2", "f3")));
        ElementVerdicts.Computed computed = ElementVerdicts.compute(
                elements, flows, cases, run(a1, Status.PASSED, b1, Status.PASSED, negative, Status.FAILED));
        assertThat(statuses(computed.elementResults())).contains("B:FAILED:1/1/0", "end1:PASSED:1/0/0");
    }

    @Test
    void aPathsTailIsTheOneWayToAnEndThroughGatewaysOnlyAndNoneWhenThereAreTwo() {
        // start -g1-> A -g2-> G -g3-> end ; G -g4-> B -g5-> A   (a loop back through a task)
        List<ProcessModel.Element> loop = List.of(
                element("start", ProcessModel.Category.EVENT, "startEvent"),
                element("A", ProcessModel.Category.TASK, "userTask"),
                element("G", ProcessModel.Category.GATEWAY, "exclusiveGateway"),
                element("B", ProcessModel.Category.TASK, "serviceTask"),
                element("end", ProcessModel.Category.EVENT, "endEvent"));
        List<ProcessModel.Flow> loopFlows = List.of(
                flow("g1", "start", "A"),
                flow("g2", "A", "G"),
                flow("g3", "G", "end"),
                flow("g4", "G", "B"),
                flow("g5", "B", "A"));
        UUID first = UUID.randomUUID(), again = UUID.randomUUID(), fixed = UUID.randomUUID();
        List<ProcessScenarios.CaseElement> cases = List.of(
                new ProcessScenarios.CaseElement(first, "A", "loop once", "HAPPY", List.of("g1")),
                new ProcessScenarios.CaseElement(fixed, "B", "loop once", "HAPPY", List.of("g2", "g4")),
                new ProcessScenarios.CaseElement(again, "A", "loop once", "HAPPY", List.of("g5")));
        ElementVerdicts.Computed computed = ElementVerdicts.compute(
                loop, loopFlows, cases, run(first, Status.PASSED, fixed, Status.PASSED, again, Status.PASSED));
        assertThat(statuses(computed.elementResults()))
                .containsExactly(
                        "start:PASSED:1/0/0", "A:PASSED:3/0/0", "G:PASSED:2/0/0", "B:PASSED:2/0/0", "end:PASSED:1/0/0");
        assertThat(flowStatuses(computed.flowResults()))
                .containsExactly(
                        "g1:PASSED:1/0/0", "g2:PASSED:2/0/0", "g3:PASSED:1/0/0", "g4:PASSED:1/0/0", "g5:PASSED:1/0/0");

        // A -p0-> P(parallel) -p1-> end1, -p2-> end2: two ways, no tail
        List<ProcessModel.Element> split = List.of(
                element("A", ProcessModel.Category.TASK, "userTask"),
                element("P", ProcessModel.Category.GATEWAY, "parallelGateway"),
                element("end1", ProcessModel.Category.EVENT, "endEvent"),
                element("end2", ProcessModel.Category.EVENT, "endEvent"));
        ElementVerdicts.Computed two = ElementVerdicts.compute(
                split,
                List.of(flow("p0", "A", "P"), flow("p1", "P", "end1"), flow("p2", "P", "end2")),
                List.of(new ProcessScenarios.CaseElement(first, "A", "s", "HAPPY", List.of())),
                run(first, Status.PASSED));
        assertThat(statuses(two.elementResults()))
                .containsExactly(
                        "A:PASSED:1/0/0",
                        "P:NOT_IN_SCENARIO:0/0/0",
                        "end1:NOT_IN_SCENARIO:0/0/0",
                        "end2:NOT_IN_SCENARIO:0/0/0");
    }

    /** Outcomes in the run's order: case, status, case, status, … */
    private static List<ElementVerdicts.Outcome> run(Object... pairs) {
        List<ElementVerdicts.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            outcomes.add(new ElementVerdicts.Outcome((UUID) pairs[i], (Status) pairs[i + 1]));
        }
        return outcomes;
    }

    private static List<String> statuses(List<ProcessResults.ElementResult> results) {
        return results.stream()
                .map(r -> r.elementId() + ":" + r.status() + ":" + r.passed() + "/" + r.failed() + "/" + r.notReached())
                .toList();
    }

    private static List<String> flowStatuses(List<ProcessResults.FlowResult> results) {
        return results.stream()
                .map(r -> r.flowId() + ":" + r.status() + ":" + r.passed() + "/" + r.failed() + "/" + r.notReached())
                .toList();
    }

    static ProcessModel.Element element(String id, ProcessModel.Category category, String type) {
        return new ProcessModel.Element(
                id, type, category, id, null, "p", null, null, null, null, List.of(), new LinkedHashMap<>(), null);
    }

    static ProcessModel.Flow flow(String id, String source, String target) {
        return new ProcessModel.Flow(id, "SEQUENCE", source, target, null, null, false, List.of());
    }
}
