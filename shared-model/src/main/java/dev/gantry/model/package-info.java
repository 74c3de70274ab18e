/**
 * The contract between the control plane and the workers: records and enums only, no Spring and no
 * other dependency. The run snapshot, case definitions, work items and their layout, partition
 * requests and tallies, step details, the run's status table, the template syntax, sealed secrets,
 * the target rules, and the names both apps must agree on (Redis keys, queues, metrics). Records
 * that cross a process boundary carry a {@code schemaVersion}.
 */
package dev.gantry.model;
