package dev.gantry.controlplane.processes;

import dev.gantry.controlplane.common.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.operaton.bpm.model.bpmn.Bpmn;
import org.operaton.bpm.model.bpmn.BpmnModelInstance;
import org.operaton.bpm.model.bpmn.instance.Activity;
import org.operaton.bpm.model.bpmn.instance.BaseElement;
import org.operaton.bpm.model.bpmn.instance.BoundaryEvent;
import org.operaton.bpm.model.bpmn.instance.CatchEvent;
import org.operaton.bpm.model.bpmn.instance.Documentation;
import org.operaton.bpm.model.bpmn.instance.Event;
import org.operaton.bpm.model.bpmn.instance.EventDefinition;
import org.operaton.bpm.model.bpmn.instance.ExclusiveGateway;
import org.operaton.bpm.model.bpmn.instance.FlowNode;
import org.operaton.bpm.model.bpmn.instance.Gateway;
import org.operaton.bpm.model.bpmn.instance.InclusiveGateway;
import org.operaton.bpm.model.bpmn.instance.Lane;
import org.operaton.bpm.model.bpmn.instance.MessageFlow;
import org.operaton.bpm.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import org.operaton.bpm.model.bpmn.instance.Participant;
import org.operaton.bpm.model.bpmn.instance.Process;
import org.operaton.bpm.model.bpmn.instance.SequenceFlow;
import org.operaton.bpm.model.bpmn.instance.SubProcess;
import org.operaton.bpm.model.bpmn.instance.ThrowEvent;
import org.operaton.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.operaton.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.operaton.bpm.model.xml.ModelException;
import org.operaton.bpm.model.xml.instance.DomElement;
import org.operaton.bpm.model.xml.instance.ModelElementInstance;

/**
 * Reads a BPMN 2.0 document in two passes. A streaming pass first, which holds nothing: it refuses
 * a DOCTYPE (BPMN needs none, and every XML entity attack — external entities, entity expansion —
 * needs one), counts the XML elements and their depth against the limits, and finds the root; only
 * then Operaton's BPMN model builds the document, with its own DTD and external-entity guards on,
 * and checks it against the BPMN 2.0 schema. Every refusal names what is wrong, with the line and
 * column where there is one.
 */
final class BpmnReader {
    static final String BPMN_NAMESPACE = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    static final int MAX_TEXT = 4_000;
    static final int MAX_NAME = 500;

    private BpmnReader() {}

    static ProcessModel read(byte[] xml, ProcessesProperties limits) {
        scan(xml, limits);
        BpmnModelInstance model;
        try {
            model = Bpmn.readModelFromStream(new ByteArrayInputStream(xml));
        } catch (ModelException e) {
            throw refused("is not valid BPMN 2.0: " + bounded(rootCause(e), 500));
        }
        ProcessModel read = walk(model);
        if (read.elements().size() > limits.maxElements()) {
            throw refused("has " + read.elements().size() + " elements; at most " + limits.maxElements()
                    + " (gantry.processes.max-elements)");
        }
        return read;
    }

    private static void scan(byte[] xml, ProcessesProperties limits) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
            String encoding = reader.getCharacterEncodingScheme();
            if (encoding != null && !encoding.equalsIgnoreCase("UTF-8")) {
                throw refused("is encoded in " + encoding + "; BPMN documents are read as UTF-8");
            }
            int depth = 0;
            int nodes = 0;
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamConstants.DTD ->
                        throw refused("has a DOCTYPE, which BPMN does not use and which is refused: XML entities"
                                + " (external or expanding) are not read" + where(reader.getLocation()));
                    case XMLStreamConstants.ENTITY_REFERENCE ->
                        throw refused("refers to the entity &" + reader.getLocalName() + "; which is not read"
                                + where(reader.getLocation()));
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (nodes == 0
                                && !(BPMN_NAMESPACE.equals(reader.getNamespaceURI())
                                        && "definitions".equals(reader.getLocalName()))) {
                            throw refused("is not a BPMN 2.0 document: its root is <" + reader.getLocalName()
                                    + "> in namespace '" + reader.getNamespaceURI() + "', not <definitions> in "
                                    + BPMN_NAMESPACE);
                        }
                        nodes++;
                        depth++;
                        if (depth > limits.maxDepth()) {
                            throw refused("nests elements more than " + limits.maxDepth()
                                    + " deep (gantry.processes.max-depth)" + where(reader.getLocation()));
                        }
                        if (nodes > limits.maxXmlNodes()) {
                            throw refused("has more than " + limits.maxXmlNodes()
                                    + " XML elements (gantry.processes.max-xml-nodes)");
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> depth--;
                    default -> {
                        // text, comments and processing instructions cost nothing here
                    }
                }
            }
            if (nodes == 0) {
                throw refused("is empty: a BPMN 2.0 document (<definitions>) is expected");
            }
        } catch (XMLStreamException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            int detail = message.indexOf("Message: ");
            throw refused("is not well-formed XML"
                    + where(e.getLocation())
                    + ": "
                    + bounded(detail >= 0 ? message.substring(detail + 9) : message, 300));
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException e) {
                    // nothing was held
                }
            }
        }
    }

    private static ProcessModel walk(BpmnModelInstance model) {
        Map<String, ProcessModel.Bounds> bounds = new HashMap<>();
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
            if (shape.getBpmnElement() != null && shape.getBounds() != null) {
                var b = shape.getBounds();
                bounds.put(
                        shape.getBpmnElement().getId(),
                        new ProcessModel.Bounds(b.getX(), b.getY(), b.getWidth(), b.getHeight()));
            }
        }
        Map<String, List<ProcessModel.Point>> waypoints = new HashMap<>();
        for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
            if (edge.getBpmnElement() != null) {
                waypoints.put(
                        edge.getBpmnElement().getId(),
                        edge.getWaypoints().stream()
                                .map(w -> new ProcessModel.Point(w.getX(), w.getY()))
                                .toList());
            }
        }
        Map<String, String> poolOfProcess = new HashMap<>();
        List<ProcessModel.Element> elements = new ArrayList<>();
        for (Participant participant : model.getModelElementsByType(Participant.class)) {
            if (participant.getProcess() != null) {
                poolOfProcess.put(participant.getProcess().getId(), participant.getName());
            }
            elements.add(new ProcessModel.Element(
                    participant.getId(),
                    "participant",
                    ProcessModel.Category.POOL,
                    bounded(participant.getName(), MAX_NAME),
                    documentation(participant),
                    participant.getProcess() == null
                            ? null
                            : participant.getProcess().getId(),
                    bounded(participant.getName(), MAX_NAME),
                    null,
                    null,
                    null,
                    List.of(),
                    Map.of(),
                    bounds.get(participant.getId())));
        }
        Map<String, String> laneOfNode = new HashMap<>();
        for (Lane lane : model.getModelElementsByType(Lane.class)) {
            // modellers list data store references among a lane's flow nodes too: read any element's id
            for (Object node : (Collection<?>) lane.getFlowNodeRefs()) {
                if (node instanceof BaseElement element) {
                    laneOfNode.put(element.getId(), lane.getName());
                }
            }
            Process process = enclosing(lane, Process.class);
            String processId = process == null ? null : process.getId();
            elements.add(new ProcessModel.Element(
                    lane.getId(),
                    "lane",
                    ProcessModel.Category.LANE,
                    bounded(lane.getName(), MAX_NAME),
                    documentation(lane),
                    processId,
                    bounded(poolOfProcess.get(processId), MAX_NAME),
                    bounded(lane.getName(), MAX_NAME),
                    null,
                    null,
                    List.of(),
                    Map.of(),
                    bounds.get(lane.getId())));
        }
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            Process process = enclosing(node, Process.class);
            String processId = process == null ? null : process.getId();
            SubProcess parent = enclosing(node, SubProcess.class);
            elements.add(new ProcessModel.Element(
                    node.getId(),
                    node.getElementType().getTypeName(),
                    category(node),
                    bounded(node.getName(), MAX_NAME),
                    documentation(node),
                    processId,
                    bounded(poolOfProcess.get(processId), MAX_NAME),
                    bounded(laneOfNode.get(node.getId()), MAX_NAME),
                    parent == null ? null : parent.getId(),
                    node instanceof BoundaryEvent boundary && boundary.getAttachedTo() != null
                            ? boundary.getAttachedTo().getId()
                            : null,
                    eventDefinitions(node),
                    properties(node),
                    bounds.get(node.getId())));
        }
        List<ProcessModel.Flow> flows = new ArrayList<>();
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            FlowNode source = flow.getSource();
            boolean isDefault = flow.equals(defaultOf(source));
            flows.add(new ProcessModel.Flow(
                    flow.getId(),
                    "SEQUENCE",
                    source == null ? null : source.getId(),
                    flow.getTarget() == null ? null : flow.getTarget().getId(),
                    bounded(flow.getName(), MAX_NAME),
                    flow.getConditionExpression() == null
                            ? null
                            : bounded(
                                    flow.getConditionExpression()
                                            .getTextContent()
                                            .strip(),
                                    MAX_TEXT),
                    isDefault,
                    waypoints.getOrDefault(flow.getId(), List.of())));
        }
        for (MessageFlow flow : model.getModelElementsByType(MessageFlow.class)) {
            flows.add(new ProcessModel.Flow(
                    flow.getId(),
                    "MESSAGE",
                    flow.getSource() == null ? null : flow.getSource().getId(),
                    flow.getTarget() == null ? null : flow.getTarget().getId(),
                    bounded(flow.getName(), MAX_NAME),
                    null,
                    false,
                    waypoints.getOrDefault(flow.getId(), List.of())));
        }
        // the model answers by type; people read a diagram in the order its document lists it
        Map<String, Integer> order = documentOrder(model);
        elements.sort(java.util.Comparator.comparing(e -> order.getOrDefault(e.elementId(), Integer.MAX_VALUE)));
        flows.sort(java.util.Comparator.comparing(f -> order.getOrDefault(f.flowId(), Integer.MAX_VALUE)));
        String name = model.getModelElementsByType(Process.class).stream()
                .map(Process::getName)
                .filter(n -> n != null && !n.isBlank())
                .findFirst()
                .orElse(model.getDefinitions().getName());
        return new ProcessModel(bounded(name, 200), elements, flows);
    }

    private static Map<String, Integer> documentOrder(BpmnModelInstance model) {
        Map<String, Integer> order = new HashMap<>();
        java.util.ArrayDeque<DomElement> pending = new java.util.ArrayDeque<>();
        pending.push(model.getDocument().getRootElement());
        while (!pending.isEmpty()) {
            DomElement element = pending.pop();
            String id = element.getAttribute("id");
            if (id != null) {
                order.putIfAbsent(id, order.size());
            }
            List<DomElement> children = element.getChildElements();
            for (int i = children.size() - 1; i >= 0; i--) {
                pending.push(children.get(i));
            }
        }
        return order;
    }

    private static ProcessModel.Category category(FlowNode node) {
        if (node instanceof Event) {
            return ProcessModel.Category.EVENT;
        }
        if (node instanceof Gateway) {
            return ProcessModel.Category.GATEWAY;
        }
        if (node instanceof SubProcess) {
            return ProcessModel.Category.SUB_PROCESS;
        }
        return ProcessModel.Category.TASK;
    }

    private static List<String> eventDefinitions(FlowNode node) {
        Collection<EventDefinition> definitions = node instanceof CatchEvent c
                ? c.getEventDefinitions()
                : node instanceof ThrowEvent t ? t.getEventDefinitions() : List.of();
        return definitions.stream()
                .map(d -> d.getElementType().getTypeName().replace("EventDefinition", ""))
                .toList();
    }

    private static Map<String, Object> properties(FlowNode node) {
        Map<String, Object> properties = new LinkedHashMap<>();
        SequenceFlow defaultFlow = defaultOf(node);
        if (defaultFlow != null) {
            properties.put("defaultFlow", defaultFlow.getId());
        }
        if (node instanceof Gateway gateway && gateway.getGatewayDirection() != null) {
            properties.put("direction", gateway.getGatewayDirection().name());
        }
        if (node instanceof BoundaryEvent boundary) {
            properties.put("cancelActivity", boundary.cancelActivity());
        }
        if (node instanceof SubProcess sub && sub.triggeredByEvent()) {
            properties.put("triggeredByEvent", true);
        }
        if (node instanceof Activity activity) {
            if (activity.getLoopCharacteristics() instanceof MultiInstanceLoopCharacteristics multi) {
                properties.put("multiInstance", multi.isSequential() ? "sequential" : "parallel");
            } else if (activity.getLoopCharacteristics() != null) {
                properties.put(
                        "loop",
                        activity.getLoopCharacteristics().getElementType().getTypeName());
            }
        }
        return properties;
    }

    private static SequenceFlow defaultOf(FlowNode node) {
        if (node instanceof ExclusiveGateway g) {
            return g.getDefault();
        }
        if (node instanceof InclusiveGateway g) {
            return g.getDefault();
        }
        if (node instanceof Activity a) {
            return a.getDefault();
        }
        return null;
    }

    private static String documentation(BaseElement element) {
        String text = element.getDocumentations().stream()
                .map(Documentation::getTextContent)
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .collect(Collectors.joining("\n"));
        return text.isEmpty() ? null : bounded(text, MAX_TEXT);
    }

    private static <T extends ModelElementInstance> T enclosing(ModelElementInstance element, Class<T> type) {
        for (ModelElementInstance parent = element.getParentElement();
                parent != null;
                parent = parent.getParentElement()) {
            if (type.isInstance(parent)) {
                return type.cast(parent);
            }
        }
        return null;
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        return cause == e ? message : e.getMessage() + ": " + message;
    }

    private static String where(Location location) {
        return location == null || location.getLineNumber() < 0
                ? ""
                : " (line " + location.getLineNumber() + ", column " + location.getColumnNumber() + ")";
    }

    private static InvalidInputException refused(String why) {
        return new InvalidInputException("body", "the BPMN document " + why);
    }

    static String bounded(String value, int max) {
        if (value == null) {
            return null;
        }
        String flat = value.strip();
        return flat.length() > max ? flat.substring(0, max) : flat;
    }
}
