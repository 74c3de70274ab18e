/**
 * Business processes: BPMN 2.0 diagrams imported with Operaton's BPMN model (the maintained fork of
 * Camunda 7's {@code camunda-bpmn-model}), kept with their versions, elements (events, tasks,
 * sub-processes, gateways, pools and lanes), sequence and message flows and diagram-interchange
 * coordinates. Owns {@code process_diagrams}, {@code process_versions}, {@code process_elements}
 * and {@code process_flows}.
 */
package dev.gantry.controlplane.processes;
