/**
 * Stories and epics of the issue tracker per project, imported from a JIRA search answer or pulled
 * through a project's JIRA connection, and the cases linked to them. Owns {@code stories} and
 * {@code jira_connections}.
 */
package dev.gantry.controlplane.stories;
