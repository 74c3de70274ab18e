package dev.gantry.demo.sampleapi;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Dispatches a request's method and path to the sample API endpoints and renders their JSON responses. */
final class SampleApiRoutes {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;

    private static final String ITEMS = "/items";
    private static final String ITEM_PREFIX = "/items/";
    private static final String HEALTH = "/health";

    private final JsonMapper mapper = JsonMapper.builder()
            // Keeps a price such as 9.99 exactly as sent instead of round-tripping it through a double.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private final ItemStore store;

    // Constant bodies are serialized once: the server is a load target and these are the hot answers.
    private final byte[] healthBody = json(new Status("UP"));
    private final byte[] notFoundBody = json(new ErrorBody("not found"));
    private final byte[] itemNotFoundBody = json(new ErrorBody("item not found"));
    private final byte[] methodNotAllowedBody = json(new ErrorBody("method not allowed"));
    private final byte[] storeFullBody = json(new ErrorBody("item store is full"));
    private final byte[] payloadTooLargeBody = json(new ErrorBody("request body too large"));
    private final byte[] internalErrorBody = json(new ErrorBody("internal server error"));

    SampleApiRoutes(ItemStore store) {
        this.store = store;
    }

    ApiResponse route(String method, String rawPath, String rawQuery, byte[] body) {
        if (HEALTH.equals(rawPath)) {
            return "GET".equals(method) ? ApiResponse.of(200, healthBody) : methodNotAllowed("GET");
        }
        if (ITEMS.equals(rawPath)) {
            return switch (method) {
                case "GET" -> listItems(rawQuery);
                case "POST" -> createItem(body);
                default -> methodNotAllowed("GET, POST");
            };
        }
        if (rawPath.startsWith(ITEM_PREFIX)) {
            String id = rawPath.substring(ITEM_PREFIX.length());
            if (id.isEmpty() || id.indexOf('/') >= 0) {
                return ApiResponse.of(404, notFoundBody);
            }
            return "GET".equals(method) ? getItem(id) : methodNotAllowed("GET");
        }
        return ApiResponse.of(404, notFoundBody);
    }

    ApiResponse payloadTooLarge() {
        return ApiResponse.of(413, payloadTooLargeBody);
    }

    ApiResponse internalError() {
        return ApiResponse.of(500, internalErrorBody);
    }

    private ApiResponse createItem(byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            return badRequest("malformed JSON body");
        }
        if (root == null || !root.isObject()) {
            return badRequest("request body must be a JSON object");
        }
        JsonNode name = root.get("name");
        if (name == null || !name.isString() || name.stringValue().isBlank()) {
            return badRequest("name must be a non-blank string");
        }
        JsonNode price = root.get("price");
        if (price == null || !price.isNumber() || price.decimalValue().signum() < 0) {
            return badRequest("price must be a non-negative number");
        }
        BigDecimal amount = price.decimalValue();
        Optional<Item> created = store.create(name.stringValue(), amount);
        if (created.isEmpty()) {
            return ApiResponse.of(507, storeFullBody);
        }
        Item item = created.get();
        return ApiResponse.withHeader(201, json(item), "Location", ITEM_PREFIX + item.id());
    }

    private ApiResponse getItem(String id) {
        return store.find(id)
                .map(item -> ApiResponse.of(200, json(item)))
                .orElseGet(() -> ApiResponse.of(404, itemNotFoundBody));
    }

    private ApiResponse listItems(String rawQuery) {
        int limit;
        try {
            limit = parseLimit(rawQuery);
        } catch (NumberFormatException e) {
            return badRequest("limit must be a non-negative integer");
        }
        List<Item> items = store.firstItems(limit);
        return ApiResponse.of(200, json(new ItemPage(store.size(), items)));
    }

    /** The {@code limit} query parameter, defaulted when absent and capped at {@link #MAX_LIMIT}. */
    private static int parseLimit(String rawQuery) {
        if (rawQuery == null) {
            return DEFAULT_LIMIT;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("limit=")) {
                int limit = Integer.parseInt(pair.substring("limit=".length()));
                if (limit < 0) {
                    throw new NumberFormatException("negative limit: " + limit);
                }
                return Math.min(limit, MAX_LIMIT);
            }
        }
        return DEFAULT_LIMIT;
    }

    private ApiResponse methodNotAllowed(String allowed) {
        return ApiResponse.withHeader(405, methodNotAllowedBody, "Allow", allowed);
    }

    private ApiResponse badRequest(String message) {
        return ApiResponse.of(400, json(new ErrorBody(message)));
    }

    private byte[] json(Object value) {
        return mapper.writeValueAsBytes(value);
    }

    private record Status(String status) {}

    private record ErrorBody(String error) {}

    private record ItemPage(int count, List<Item> items) {}
}
