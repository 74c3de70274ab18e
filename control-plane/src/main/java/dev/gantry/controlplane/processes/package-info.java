/**
 * Business processes: BPMN 2.0 diagrams imported with Operaton's BPMN model (the maintained fork of
 * Camunda 7's {@code camunda-bpmn-model}), kept with their versions, elements (events, tasks,
 * sub-processes, gateways, pools and lanes), sequence and message flows and diagram-interchange
 * coordinates; their tasks bound to endpoints of the project's active specification; their paths
 * generated as suites of chained cases; a run of a process suite's results per element, branch and
 * flow, its process coverage, and the diagram drawn as SVG coloured by them. Owns
 * {@code process_diagrams}, {@code process_versions}, {@code process_elements}, {@code process_flows},
 * {@code process_bindings}, {@code process_scenarios}, {@code process_case_elements} and
 * {@code process_run_results}.
 */
package dev.gantry.controlplane.processes;
