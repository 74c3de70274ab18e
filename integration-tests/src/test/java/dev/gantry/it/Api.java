package dev.gantry.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A thin client of the admin REST API, as a user of Gantry would call it. */
final class Api {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An answer: status, body as JSON (null when empty), headers. */
    record Answer(int status, JsonNode body, String raw, HttpHeaders headers) {
        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        UUID id() {
            return id("id");
        }

        UUID id(String field) {
            return UUID.fromString(body.get(field).asString());
        }

        String text(String field) {
            return body.get(field).asString();
        }
    }

    private final String baseUrl;
    private final String apiKey;

    Api(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    Api as(String otherKey) {
        return new Api(baseUrl, otherKey);
    }

    /** Polls a run until its status is final (or fails the test after {@code patience}). */
    JsonNode waitForEnd(UUID run, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            JsonNode body = get("/api/v1/runs/" + run).body();
            if (!List.of("QUEUED", "RUNNING").contains(body.get("status").asString())) {
                return body;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("run " + run + " did not end within " + patience + ": "
                + get("/api/v1/runs/" + run).raw());
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    /** A GET whose answer is not JSON (a report): status and raw body only. */
    Answer getText(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .GET();
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), null, response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer post(String path, Object body) {
        return send("POST", path, body instanceof String s ? s : JSON.writeValueAsString(body));
    }

    Answer put(String path, Object body) {
        return send("PUT", path, JSON.writeValueAsString(body));
    }

    Answer delete(String path) {
        return send("DELETE", path, null);
    }

    Answer send(String method, String path, String body) {
        return send(method, path, body, "application/json");
    }

    Answer send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            JsonNode json = raw == null || raw.isBlank() ? null : JSON.readTree(raw);
            return new Answer(response.statusCode(), json, raw, response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
