package dev.gantry.controlplane.stories;

import dev.gantry.controlplane.common.InvalidInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads one answer of JIRA's issue search: REST v2 {@code /rest/api/2/search} (Server, Data Center
 * and older Cloud: {@code startAt}, {@code maxResults}, {@code total}) and Cloud's v3
 * {@code /rest/api/3/search/jql} ({@code nextPageToken}, {@code isLast}; descriptions in the Atlassian
 * Document Format). An issue that cannot be kept (no key of JIRA's form, no summary) is listed with
 * the reason, never dropped in silence.
 *
 * <p>Sprint and epic live in custom fields whose ids differ between instances: the ones given, else
 * those the answer's {@code names} (asked for with {@code expand=names}) calls "Sprint" and "Epic
 * Link", else Cloud's defaults. A company-managed Cloud project links an epic as the issue's
 * {@code parent}; that is read first.
 */
final class JiraIssues {
    static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]{0,29}-[0-9]{1,15}");
    static final int MAX_TITLE = 500;
    static final int MAX_DESCRIPTION = 20_000;
    static final String DEFAULT_SPRINT_FIELD = "customfield_10020";
    static final String DEFAULT_EPIC_FIELD = "customfield_10014";

    private static final Pattern SERVER_SPRINT_NAME = Pattern.compile("[,\\[]name=([^,\\]]*)");
    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final int MAX_DOCUMENT_DEPTH = 64;

    /** Where a page stands in the whole search: v2 counts, v3 hands a token for the next page. */
    record Page(
            List<StoryDraft> stories,
            List<Skipped> skipped,
            int issues,
            Integer total,
            String nextPageToken,
            boolean last) {}

    /** An issue not kept, by its place in the answer ({@code issues[3]}) and why. */
    record Skipped(String issue, String key, String reason) {}

    private JiraIssues() {}

    static Page read(JsonNode answer, String sprintField, String epicField, int offset) {
        if (answer == null || !answer.isObject() || !answer.path("issues").isArray()) {
            throw new InvalidInputException(
                    "issues", "is not a JIRA search answer: expected an object with an \"issues\" array");
        }
        JsonNode names = answer.path("names");
        String sprint = field(sprintField, names, "Sprint", DEFAULT_SPRINT_FIELD);
        String epic = field(epicField, names, "Epic Link", DEFAULT_EPIC_FIELD);
        List<StoryDraft> stories = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        int index = offset;
        for (JsonNode issue : answer.path("issues").values()) {
            String place = "issues[" + index++ + "]";
            String key = text(issue.path("key"));
            JsonNode fields = issue.path("fields");
            if (key == null || !KEY.matcher(key).matches()) {
                skipped.add(new Skipped(place, key, "no key of JIRA's form (PROJ-123)"));
                continue;
            }
            String title = text(fields.path("summary"));
            if (title == null || title.isBlank()) {
                skipped.add(new Skipped(place, key, "no summary (ask for the field \"summary\")"));
                continue;
            }
            stories.add(story(key, fields, sprint, epic));
        }
        JsonNode total = answer.path("total");
        String token = text(answer.path("nextPageToken"));
        boolean last = answer.has("isLast")
                ? answer.path("isLast").asBoolean()
                : total.isNumber()
                        ? answer.path("startAt").asInt(0)
                                        + answer.path("issues").size()
                                >= total.asInt()
                        : token == null;
        return new Page(stories, skipped, index - offset, total.isNumber() ? total.asInt() : null, token, last);
    }

    private static StoryDraft story(String key, JsonNode fields, String sprintField, String epicField) {
        JsonNode type = fields.path("issuetype");
        String issueType = bounded(text(type.path("name")), 50);
        boolean epic = "epic".equalsIgnoreCase(issueType)
                || type.path("hierarchyLevel").asInt(0) == 1;
        List<String> fixVersions = new ArrayList<>();
        for (JsonNode version : fields.path("fixVersions").values()) {
            String name = text(version.path("name"));
            if (name != null && fixVersions.size() < 20) {
                fixVersions.add(bounded(name, 100));
            }
        }
        return new StoryDraft(
                key,
                issueType == null ? "Story" : issueType,
                epic,
                bounded(text(fields.path("summary")).strip(), MAX_TITLE),
                bounded(text(fields.path("status").path("name")), 100),
                bounded(text(fields.path("priority").path("name")), 100),
                bounded(sprint(fields.path(sprintField)), 200),
                fixVersions,
                epicKey(fields, epicField),
                description(fields.path("description")),
                time(text(fields.path("updated"))));
    }

    private static String field(String given, JsonNode names, String display, String fallback) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        for (var entry : names.properties()) {
            if (display.equalsIgnoreCase(text(entry.getValue()))) {
                return entry.getKey();
            }
        }
        return fallback;
    }

    /** The issue's latest sprint: Cloud answers objects, Server strings of {@code Sprint@…[name=…]}. */
    private static String sprint(JsonNode value) {
        JsonNode latest = value.isArray() && !value.isEmpty() ? value.get(value.size() - 1) : value;
        if (latest.isObject()) {
            return text(latest.path("name"));
        }
        String server = text(latest);
        if (server == null) {
            return null;
        }
        Matcher name = SERVER_SPRINT_NAME.matcher(server);
        return name.find() ? name.group(1) : server;
    }

    private static String epicKey(JsonNode fields, String epicField) {
        JsonNode parent = fields.path("parent");
        String parentType = text(parent.path("fields").path("issuetype").path("name"));
        if ("epic".equalsIgnoreCase(parentType) && isKey(text(parent.path("key")))) {
            return text(parent.path("key"));
        }
        JsonNode link = fields.path(epicField);
        String key = link.isObject() ? text(link.path("key")) : text(link);
        return isKey(key) ? key : null;
    }

    private static boolean isKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    /** v2 answers wiki text, v3 an Atlassian document: its text, paragraph by paragraph. */
    private static String description(JsonNode value) {
        if (value.isObject()) {
            StringBuilder out = new StringBuilder();
            flatten(value, out, 0);
            return bounded(out.toString().strip(), MAX_DESCRIPTION);
        }
        return bounded(text(value), MAX_DESCRIPTION);
    }

    private static void flatten(JsonNode node, StringBuilder out, int depth) {
        if (depth > MAX_DOCUMENT_DEPTH || out.length() > MAX_DESCRIPTION) {
            return;
        }
        String type = text(node.path("type"));
        if ("text".equals(type)) {
            out.append(node.path("text").asString(""));
        } else if ("hardBreak".equals(type)) {
            out.append('\n');
        } else if ("mention".equals(type) || "emoji".equals(type) || "status".equals(type)) {
            out.append(node.path("attrs").path("text").asString(""));
        } else if ("inlineCard".equals(type)) {
            out.append(node.path("attrs").path("url").asString(""));
        }
        for (JsonNode child : node.path("content").values()) {
            flatten(child, out, depth + 1);
        }
        if (type != null && BLOCKS.contains(type) && !out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }

    private static final java.util.Set<String> BLOCKS =
            java.util.Set.of("paragraph", "heading", "listItem", "codeBlock", "blockquote", "tableRow", "rule");

    private static Instant time(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value, JIRA_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }

    private static String bounded(String value, int max) {
        if (value == null) {
            return null;
        }
        return value.length() > max ? value.substring(0, max) : value;
    }
}
