package dev.gantry.controlplane.stories;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.common.OutboundAddresses;
import dev.gantry.controlplane.projects.ProjectRepository;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.security.Secrets;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * A project's JIRA connection and its synchronisation: the stories its JQL selects are pulled
 * page by page, each page kept in a transaction of its own, so a synchronisation that fails half
 * way keeps what it read and says where it stopped; the next one picks the rest up (keys update).
 */
@RestController
class JiraController {
    record ConnectionRequest(
            String baseUrl,
            Integer apiVersion,
            String username,
            String apiToken,
            String jql,
            String sprintField,
            String epicField) {}

    record ConnectionResponse(
            String baseUrl,
            int apiVersion,
            String username,
            boolean tokenSet,
            String jql,
            String sprintField,
            String epicField,
            Instant lastSyncedAt,
            Map<String, Object> lastSync,
            Instant updatedAt) {}

    record SyncResponse(int issues, int created, int updated, List<JiraIssues.Skipped> skipped) {}

    private final JiraConnections connections;
    private final JiraClient client;
    private final StoryStore stories;
    private final ProjectRepository projects;
    private final Secrets secrets;
    private final JsonMapper json;
    private final TransactionTemplate transaction;

    JiraController(
            JiraConnections connections,
            JiraClient client,
            StoryStore stories,
            ProjectRepository projects,
            Secrets secrets,
            JsonMapper json,
            PlatformTransactionManager transactions) {
        this.connections = connections;
        this.client = client;
        this.stories = stories;
        this.projects = projects;
        this.secrets = secrets;
        this.json = json;
        this.transaction = new TransactionTemplate(transactions);
    }

    @PutMapping("/api/v1/projects/{projectId}/jira")
    ConnectionResponse save(Caller caller, @PathVariable UUID projectId, @RequestBody ConnectionRequest request) {
        projects.require(projectId, caller.tenantId());
        var existing = connections.find(caller.tenantId(), projectId);
        String baseUrl = required("baseUrl", request.baseUrl(), 2000);
        String form = OutboundAddresses.checkForm(baseUrl);
        if (form != null) {
            throw new InvalidInputException("baseUrl", form);
        }
        int version = request.apiVersion() != null
                ? request.apiVersion()
                : URI.create(baseUrl).getHost().endsWith(".atlassian.net") ? 3 : 2;
        if (version != 2 && version != 3) {
            throw new InvalidInputException("apiVersion", "must be 2 (Server, Data Center) or 3 (Cloud)");
        }
        String username = optional("username", request.username(), 255);
        String jql = required("jql", request.jql(), 2000);
        StoryController.checkField("sprintField", request.sprintField());
        StoryController.checkField("epicField", request.epicField());
        String sealed;
        if (request.apiToken() != null) {
            sealed = secrets.seal("apiToken", required("apiToken", request.apiToken(), 1000));
        } else {
            sealed = existing.map(JiraConnections.Connection::tokenSealed)
                    .orElseThrow(() -> new InvalidInputException(
                            "apiToken", "is required: an API token (Cloud) or a personal access token"));
        }
        connections.save(
                caller.tenantId(),
                new JiraConnections.Connection(
                        projectId,
                        baseUrl,
                        version,
                        username,
                        sealed,
                        jql,
                        request.sprintField(),
                        request.epicField(),
                        null,
                        null,
                        null));
        return read(caller, projectId);
    }

    @GetMapping("/api/v1/projects/{projectId}/jira")
    ConnectionResponse read(Caller caller, @PathVariable UUID projectId) {
        projects.require(projectId, caller.tenantId());
        JiraConnections.Connection c = find(caller, projectId);
        return new ConnectionResponse(
                c.baseUrl(),
                c.apiVersion(),
                c.username(),
                true,
                c.jql(),
                c.sprintField(),
                c.epicField(),
                c.lastSyncedAt(),
                c.lastSync() == null ? null : json.readValue(c.lastSync(), MAP),
                c.updatedAt());
    }

    @DeleteMapping("/api/v1/projects/{projectId}/jira")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID projectId) {
        projects.require(projectId, caller.tenantId());
        if (!connections.delete(caller.tenantId(), projectId)) {
            throw new NotFoundException("JIRA connection of project", projectId);
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/projects/{projectId}/jira/sync")
    SyncResponse sync(Caller caller, @PathVariable UUID projectId) {
        projects.require(projectId, caller.tenantId());
        JiraConnections.Connection c = find(caller, projectId);
        String token = secrets.open("apiToken", c.tokenSealed());
        int[] kept = new int[2];
        List<JiraIssues.Skipped> skipped = new ArrayList<>();
        try {
            int issues = client.search(c, token, page -> {
                StoryStore.Kept k = transaction.execute(
                        status -> stories.keep(caller.tenantId(), projectId, page.stories(), "JIRA"));
                kept[0] += k.created();
                kept[1] += k.updated();
                skipped.addAll(
                        page.skipped().stream().limit(100 - skipped.size()).toList());
            });
            SyncResponse done = new SyncResponse(issues, kept[0], kept[1], skipped);
            connections.synced(projectId, json.writeValueAsString(done));
            return done;
        } catch (RuntimeException e) {
            connections.synced(
                    projectId,
                    json.writeValueAsString(
                            Map.of("created", kept[0], "updated", kept[1], "error", String.valueOf(e.getMessage()))));
            throw e;
        }
    }

    private JiraConnections.Connection find(Caller caller, UUID projectId) {
        return connections
                .find(caller.tenantId(), projectId)
                .orElseThrow(() -> new NotFoundException("JIRA connection of project", projectId));
    }

    private static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required");
        }
        return optional(field, value, max);
    }

    private static String optional(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > max) {
            throw new InvalidInputException(field, "at most " + max + " characters");
        }
        return value.strip();
    }

    private static final tools.jackson.core.type.TypeReference<Map<String, Object>> MAP =
            new tools.jackson.core.type.TypeReference<>() {};
}
