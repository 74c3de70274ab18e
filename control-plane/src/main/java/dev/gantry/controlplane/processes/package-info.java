/**
 * Business processes: BPMN 2.0 diagrams imported with Operaton's BPMN model (the maintained fork of
 * Camunda 7's {@code camunda-bpmn-model}), kept with their versions, elements (events, tasks,
 * sub-processes, gateways, pools and lanes), sequence and message flows and diagram-interchange
 * coordinates; their tasks bound to endpoints of the project's active specification; their paths
 * generated as suites of chained cases. Owns {@code process_diagrams}, {@code process_versions},
 * {@code process_elements}, {@code process_flows}, {@code process_bindings}, {@code
 * process_scenarios} and {@code process_case_elements}.
 */
package dev.gantry.controlplane.processes;
