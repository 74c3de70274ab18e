package dev.gantry.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The few REST calls the CLI makes, with the API key; any trouble is an {@link InfrastructureException}. */
final class ControlPlane {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String apiKey;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ControlPlane(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    JsonNode get(String path) {
        return json(send(request(path).GET(), path));
    }

    JsonNode post(String path, Object body) {
        return json(send(
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
                path));
    }

    /** Streams a report into a file, never holding it in memory. */
    void download(String path, Path file) {
        try {
            HttpResponse<Path> response =
                    http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofFile(file));
            if (response.statusCode() != 200) {
                throw new InfrastructureException("GET " + path + " answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new InfrastructureException("cannot download " + path + " to " + file + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted");
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(120))
                .header("X-Api-Key", apiKey)
                .header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String path) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                String detail = response.body();
                try {
                    JsonNode problem = JSON.readTree(detail);
                    if (problem.has("detail")) {
                        detail = problem.get("detail").asString();
                    }
                } catch (RuntimeException ignored) {
                    // not a problem detail: show the body as it is
                }
                throw new InfrastructureException(path + " answered " + response.statusCode() + ": " + detail);
            }
            return response;
        } catch (IOException e) {
            throw new InfrastructureException("the control plane at " + base + " does not answer (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted");
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return response.body() == null || response.body().isBlank() ? null : JSON.readTree(response.body());
    }
}
