package dev.gantry.controlplane.stories;

import dev.gantry.controlplane.common.OutboundAddresses;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Consumer;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pages through a JIRA instance's issue search: REST v2 {@code /rest/api/2/search} by
 * {@code startAt}, or Cloud's v3 {@code /rest/api/3/search/jql} by {@code nextPageToken}. Signs in
 * with an API token and the account's e-mail (Cloud, HTTP Basic) or a personal access token alone
 * (Server and Data Center, Bearer). Every page is bounded in bytes, the whole search in issues;
 * redirects are not followed (a sign-in page is not an answer), and the address is checked again
 * before each page.
 */
@Component
class JiraClient {
    /** JIRA did not answer as a search should; the answer is 502 naming what it said. */
    static final class Unreachable extends ErrorResponseException {
        Unreachable(String detail) {
            super(HttpStatus.BAD_GATEWAY, problem(detail), null);
        }

        private static ProblemDetail problem(String detail) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, detail);
            problem.setTitle("The issue tracker did not answer");
            problem.setProperty("code", "jira-unreachable");
            return problem;
        }
    }

    private final HttpClient http;
    private final JsonMapper json;
    private final StoriesProperties properties;

    JiraClient(JsonMapper json, StoriesProperties properties) {
        this.json = json;
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Reads every page of the connection's search, handing each to {@code page} as it comes;
     * answers how many issues were read. Stops at {@code gantry.stories.max-issues}.
     */
    int search(JiraConnections.Connection connection, String token, Consumer<JiraIssues.Page> page) {
        String fields = String.join(
                ",",
                "summary",
                "status",
                "priority",
                "issuetype",
                "fixVersions",
                "parent",
                "updated",
                "description",
                field(connection.sprintField(), JiraIssues.DEFAULT_SPRINT_FIELD),
                field(connection.epicField(), JiraIssues.DEFAULT_EPIC_FIELD));
        int read = 0;
        String nextToken = null;
        while (true) {
            StringBuilder query = new StringBuilder("?jql=")
                    .append(encode(connection.jql()))
                    .append("&maxResults=")
                    .append(properties.pageSize())
                    .append("&fields=")
                    .append(encode(fields))
                    .append("&expand=names");
            String path;
            if (connection.apiVersion() == 2) {
                path = "/rest/api/2/search";
                query.append("&startAt=").append(read);
            } else {
                path = "/rest/api/3/search/jql";
                if (nextToken != null) {
                    query.append("&nextPageToken=").append(encode(nextToken));
                }
            }
            JsonNode answer = get(connection, token, path + query);
            JiraIssues.Page current = JiraIssues.read(answer, connection.sprintField(), connection.epicField(), read);
            if (read + current.issues() > properties.maxIssues()) {
                throw new Unreachable("the search selects more than " + properties.maxIssues()
                        + " issues (gantry.stories.max-issues); narrow its JQL");
            }
            page.accept(current);
            read += current.issues();
            nextToken = current.nextPageToken();
            boolean more = connection.apiVersion() == 2
                    ? !current.last() && current.issues() > 0
                    : !current.last() && nextToken != null && current.issues() > 0;
            if (!more) {
                return read;
            }
        }
    }

    private JsonNode get(JiraConnections.Connection connection, String token, String pathAndQuery) {
        URI uri = URI.create(stripSlash(connection.baseUrl()) + pathAndQuery);
        String refusal = OutboundAddresses.checkAddress(uri, properties.allowPrivate());
        if (refusal != null) {
            throw new Unreachable("the JIRA address " + refusal
                    + (properties.allowPrivate()
                            ? ""
                            : "; a JIRA inside the company network needs" + " gantry.stories.allow-private=true"));
        }
        String authorization = connection.username() == null
                ? "Bearer " + token
                : "Basic "
                        + Base64.getEncoder()
                                .encodeToString((connection.username() + ":" + token).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(properties.requestTimeout())
                .header("Accept", "application/json")
                .header("Authorization", authorization)
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes((int) properties.pageMaxBytes().toBytes() + 1);
                if (bytes.length > properties.pageMaxBytes().toBytes()) {
                    throw new Unreachable("a page of JIRA's search is larger than " + properties.pageMaxBytes()
                            + " (gantry.stories.page-max-bytes)");
                }
                if (response.statusCode() != 200) {
                    throw new Unreachable(
                            "JIRA answered " + response.statusCode() + " to " + uri.getPath() + errorMessages(bytes));
                }
                return json.readTree(bytes);
            }
        } catch (JacksonException e) {
            throw new Unreachable("JIRA's answer to " + uri.getPath() + " is not JSON");
        } catch (IOException e) {
            throw new Unreachable("JIRA could not be reached at " + uri.getHost() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while reading JIRA's search");
        }
    }

    /** JIRA explains a refusal in {@code errorMessages}; a few of them help the user more than a status. */
    private String errorMessages(byte[] bytes) {
        try {
            JsonNode messages = json.readTree(bytes).path("errorMessages");
            if (messages.isArray() && !messages.isEmpty()) {
                StringBuilder out = new StringBuilder(": ");
                messages.values().stream().limit(3).forEach(m -> out.append(m.asString(""))
                        .append(' '));
                return out.length() > 500
                        ? out.substring(0, 500)
                        : out.toString().strip();
            }
        } catch (JacksonException e) {
            // not JSON: the status says it
        }
        return "";
    }

    private static String field(String given, String fallback) {
        return given == null || given.isBlank() ? fallback : given;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
