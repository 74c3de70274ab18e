package dev.gantry.controlplane.processes;

import java.util.List;
import java.util.Map;

/**
 * What Gantry keeps of a BPMN diagram: its flow elements, pools and lanes, sequence and message
 * flows, with the coordinates its modeller drew them at.
 */
record ProcessModel(String name, List<Element> elements, List<Flow> flows) {
    /** What an element is, across BPMN's many element types. */
    enum Category {
        EVENT,
        TASK,
        SUB_PROCESS,
        GATEWAY,
        POOL,
        LANE
    }

    /**
     * One element.
     *
     * @param elementId        its id in the diagram
     * @param type             BPMN's name of its type ({@code userTask}, {@code exclusiveGateway}, …)
     * @param processId        the process it belongs to (none for a pool)
     * @param pool             the name of the pool (participant) whose process holds it: the actor
     * @param lane             the name of its lane
     * @param parentId         the sub-process it is in
     * @param attachedTo       for a boundary event, the activity it is attached to
     * @param eventDefinitions for an event: {@code message}, {@code timer}, {@code error}, …
     * @param properties       what else shapes its behaviour (a gateway's default flow, a boundary
     *                         event that does not interrupt, multi-instance)
     * @param bounds           where the modeller drew it (null without diagram interchange)
     */
    record Element(
            String elementId,
            String type,
            Category category,
            String name,
            String documentation,
            String processId,
            String pool,
            String lane,
            String parentId,
            String attachedTo,
            List<String> eventDefinitions,
            Map<String, Object> properties,
            Bounds bounds) {}

    /** A sequence flow (a transition inside a process) or a message flow (between pools). */
    record Flow(
            String flowId,
            String kind,
            String sourceId,
            String targetId,
            String name,
            String condition,
            boolean isDefault,
            List<Point> waypoints) {}

    record Bounds(double x, double y, double width, double height) {}

    record Point(double x, double y) {}
}
