package dev.gantry.controlplane.stories;

import dev.gantry.controlplane.bodies.BodyLimit;
import dev.gantry.controlplane.bodies.RequestBodies;
import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.NotFoundException;
import dev.gantry.controlplane.projects.ProjectRepository;
import dev.gantry.controlplane.security.Caller;
import dev.gantry.controlplane.suites.CaseLinks;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A project's stories and epics: imported from the JSON of a JIRA search (what
 * {@code /rest/api/2/search} or {@code /rest/api/3/search/jql} answers, saved from a browser or a
 * script), listed and filtered, an epic's stories, a story's cases (the cases linked to its key).
 */
@RestController
class StoryController {
    static final int MAX_LIMIT = 500;
    static final Pattern CUSTOM_FIELD = Pattern.compile("customfield_[0-9]{1,10}");

    /** What an import kept: new keys, updated keys, and the issues it could not keep with why. */
    record ImportResponse(int issues, int created, int updated, List<JiraIssues.Skipped> skipped) {}

    private final StoryStore stories;
    private final ProjectRepository projects;
    private final JsonMapper json;
    private final StoriesProperties properties;
    private final CaseLinks links;

    StoryController(
            StoryStore stories,
            ProjectRepository projects,
            JsonMapper json,
            StoriesProperties properties,
            CaseLinks links) {
        this.links = links;
        this.stories = stories;
        this.projects = projects;
        this.json = json;
        this.properties = properties;
    }

    @PostMapping("/api/v1/projects/{projectId}/stories/import/jira")
    @BodyLimit(StoriesProperties.IMPORT_MAX_BYTES)
    @Transactional
    ImportResponse importSearch(
            Caller caller,
            @PathVariable UUID projectId,
            @RequestParam(required = false) String sprintField,
            @RequestParam(required = false) String epicField,
            HttpServletRequest body)
            throws IOException {
        projects.require(projectId, caller.tenantId());
        checkField("sprintField", sprintField);
        checkField("epicField", epicField);
        JsonNode answer;
        try {
            answer = json.readTree(RequestBodies.read(body));
        } catch (JacksonException e) {
            throw new InvalidInputException("issues", "is not JSON: " + e.getOriginalMessage());
        }
        if (answer.path("issues").size() > properties.maxIssues()) {
            throw new InvalidInputException(
                    "issues", "at most " + properties.maxIssues() + " issues (gantry.stories.max-issues)");
        }
        JiraIssues.Page page = JiraIssues.read(answer, sprintField, epicField, 0);
        StoryStore.Kept kept = stories.keep(caller.tenantId(), projectId, page.stories(), "IMPORT");
        return new ImportResponse(page.issues(), kept.created(), kept.updated(), page.skipped());
    }

    @GetMapping("/api/v1/projects/{projectId}/stories")
    List<StoryStore.Story> list(
            Caller caller,
            @PathVariable UUID projectId,
            @RequestParam(required = false) Boolean epic,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String sprint,
            @RequestParam(required = false) String fixVersion,
            @RequestParam(required = false) String epicKey,
            @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        projects.require(projectId, caller.tenantId());
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (offset < 0) {
            throw new InvalidInputException("offset", "must not be negative");
        }
        if (q != null && q.length() > 200) {
            throw new InvalidInputException("q", "at most 200 characters");
        }
        return stories.list(
                caller.tenantId(),
                projectId,
                new StoryStore.Filter(epic, status, sprint, fixVersion, epicKey, q),
                limit,
                offset);
    }

    @GetMapping("/api/v1/stories/{id}")
    StoryStore.Story one(Caller caller, @PathVariable UUID id) {
        return find(caller, id);
    }

    /** An epic's stories (none for a story). */
    @GetMapping("/api/v1/stories/{id}/stories")
    List<StoryStore.Story> ofEpic(Caller caller, @PathVariable UUID id) {
        StoryStore.Story epic = find(caller, id);
        return stories.ofEpic(caller.tenantId(), stories.projectOf(epic.id()), epic.key());
    }

    /** The cases linked to the story (as a story, or as a defect when the key is a bug's). */
    @GetMapping("/api/v1/stories/{id}/cases")
    List<CaseLinks.LinkedCase> cases(Caller caller, @PathVariable UUID id) {
        StoryStore.Story story = find(caller, id);
        return links.casesLinkedTo(caller.tenantId(), stories.projectOf(story.id()), story.key());
    }

    @DeleteMapping("/api/v1/stories/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        if (!stories.delete(caller.tenantId(), id)) {
            throw new NotFoundException("story", id);
        }
        return ResponseEntity.noContent().build();
    }

    private StoryStore.Story find(Caller caller, UUID id) {
        return stories.find(caller.tenantId(), id).orElseThrow(() -> new NotFoundException("story", id));
    }

    static void checkField(String name, String value) {
        if (value != null && !CUSTOM_FIELD.matcher(value).matches()) {
            throw new InvalidInputException(name, "must be a JIRA custom field id such as customfield_10020");
        }
    }
}
