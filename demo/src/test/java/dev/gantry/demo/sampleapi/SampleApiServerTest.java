package dev.gantry.demo.sampleapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SampleApiServerTest {

    private static final JsonMapper MAPPER = new JsonMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private SampleApiServer server;

    @BeforeEach
    void startServer() {
        server = SampleApiServer.start(0);
    }

    @AfterEach
    void stopServer() {
        server.close();
        client.close();
    }

    @Test
    void bindsToLoopbackOnTheChosenPort() {
        assertThat(server.port()).isPositive();
        assertThat(server.baseUri()).isEqualTo(URI.create("http://127.0.0.1:" + server.port()));
    }

    @Test
    void createdItemCanBeReadBackById() throws Exception {
        HttpResponse<String> created = post("/items", "{\"name\":\"widget\",\"price\":9.99}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Content-Type")).hasValue("application/json");
        String id = MAPPER.readTree(created.body()).get("id").stringValue();
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(UUID.fromString(id).version()).isEqualTo(4);
        assertThat(created.body()).isEqualTo("{\"id\":\"" + id + "\",\"name\":\"widget\",\"price\":9.99}");
        assertThat(created.headers().firstValue("Location")).hasValue("/items/" + id);

        HttpResponse<String> read = get("/items/" + id);

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(created.body());
    }

    @Test
    void integerPriceIsEchoedWithoutAFractionalPart() throws Exception {
        HttpResponse<String> created = post("/items", "{\"name\":\"bolt\",\"price\":3}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(MAPPER.readTree(created.body()).get("price").toString()).isEqualTo("3");
    }

    @Test
    void listReturnsTheTotalCountAndAtMostLimitItems() throws Exception {
        List<JsonNode> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(MAPPER.readTree(post("/items", "{\"name\":\"item-" + i + "\",\"price\":" + i + "}")
                    .body()));
        }

        HttpResponse<String> listed = get("/items?limit=2");

        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode page = MAPPER.readTree(listed.body());
        assertThat(page.propertyNames()).containsExactlyInAnyOrder("count", "items");
        assertThat(page.get("count").intValue()).isEqualTo(3);
        assertThat(page.get("items").size()).isEqualTo(2);
        assertThat(created).contains(page.get("items").get(0), page.get("items").get(1));
        assertThat(page.get("items").get(0)).isNotEqualTo(page.get("items").get(1));
    }

    @Test
    void listDefaultsToTenItemsAndCapsTheLimitAtOneHundred() throws Exception {
        for (int i = 0; i < 105; i++) {
            assertThat(post("/items", "{\"name\":\"n\",\"price\":1}").statusCode())
                    .isEqualTo(201);
        }

        JsonNode byDefault = MAPPER.readTree(get("/items").body());
        JsonNode capped = MAPPER.readTree(get("/items?limit=500").body());

        assertThat(byDefault.get("count").intValue()).isEqualTo(105);
        assertThat(byDefault.get("items").size()).isEqualTo(10);
        assertThat(capped.get("items").size()).isEqualTo(100);
    }

    @Test
    void listOnAnEmptyStoreIsEmpty() throws Exception {
        HttpResponse<String> listed = get("/items?limit=5");

        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).isEqualTo("{\"count\":0,\"items\":[]}");
    }

    @Test
    void invalidLimitIsABadRequest() throws Exception {
        HttpResponse<String> listed = get("/items?limit=abc");

        assertThat(listed.statusCode()).isEqualTo(400);
        assertThat(listed.body()).isEqualTo("{\"error\":\"limit must be a non-negative integer\"}");
    }

    @Test
    void healthIsUp() throws Exception {
        HttpResponse<String> health = get("/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void unknownItemIdIsNotFound() throws Exception {
        HttpResponse<String> read = get("/items/" + UUID.randomUUID());

        assertThat(read.statusCode()).isEqualTo(404);
        assertThat(read.body()).isEqualTo("{\"error\":\"item not found\"}");
    }

    @Test
    void malformedJsonIsABadRequest() throws Exception {
        HttpResponse<String> created = post("/items", "{\"name\":\"widget\",");

        assertThat(created.statusCode()).isEqualTo(400);
        assertThat(created.body()).isEqualTo("{\"error\":\"malformed JSON body\"}");
    }

    @Test
    void missingPriceIsABadRequest() throws Exception {
        HttpResponse<String> created = post("/items", "{\"name\":\"widget\"}");

        assertThat(created.statusCode()).isEqualTo(400);
        assertThat(created.body()).isEqualTo("{\"error\":\"price must be a non-negative number\"}");
    }

    @Test
    void nonNumericPriceAndMissingNameAreBadRequests() throws Exception {
        HttpResponse<String> textPrice = post("/items", "{\"name\":\"widget\",\"price\":\"9.99\"}");
        HttpResponse<String> noName = post("/items", "{\"price\":1}");
        HttpResponse<String> notAnObject = post("/items", "[1,2]");

        assertThat(textPrice.statusCode()).isEqualTo(400);
        assertThat(textPrice.body()).isEqualTo("{\"error\":\"price must be a non-negative number\"}");
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(noName.body()).isEqualTo("{\"error\":\"name must be a non-blank string\"}");
        assertThat(notAnObject.statusCode()).isEqualTo(400);
        assertThat(notAnObject.body()).isEqualTo("{\"error\":\"request body must be a JSON object\"}");
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        HttpResponse<String> response = get("/nope");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"not found\"}");
    }

    @Test
    void wrongMethodIsNotAllowed() throws Exception {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(server.baseUri().resolve("/health"))
                        .DELETE()
                        .build());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
        assertThat(response.body()).isEqualTo("{\"error\":\"method not allowed\"}");
    }

    @Test
    void fullStoreRejectsNewItems() throws Exception {
        try (SampleApiServer tiny = SampleApiServer.start(0, 1)) {
            URI items = tiny.baseUri().resolve("/items");
            HttpRequest create = HttpRequest.newBuilder(items)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"a\",\"price\":1}"))
                    .build();

            assertThat(send(create).statusCode()).isEqualTo(201);
            HttpResponse<String> rejected = send(create);

            assertThat(rejected.statusCode()).isEqualTo(507);
            assertThat(rejected.body()).isEqualTo("{\"error\":\"item store is full\"}");
        }
    }

    @Test
    void countsEveryRequestServed() throws Exception {
        get("/health");
        get("/nope");
        post("/items", "not json");

        assertThat(server.requestCount()).isEqualTo(3);
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(server.baseUri().resolve(pathAndQuery))
                .GET()
                .build());
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(server.baseUri().resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
