package dev.gantry.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Loopback stand-ins for the public services the parity test's collections were written against:
 * postman-echo, reqres and the Fake Store API, each answering as the real service documents for
 * what the collections call, deterministically and without state (so that Newman's iterations in
 * order and Gantry's rows in parallel meet the same answers). Where the real service would let every
 * check pass, a stand-in answers some rows otherwise on purpose, so that failures are compared as
 * well as passes; each such answer says so where it is made.
 */
final class ParityTargets {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String TEXT_TYPE = "text/html; charset=utf-8";

    private ParityTargets() {}

    // --- postman-echo -------------------------------------------------------------------------

    /**
     * postman-echo: {@code /get}, {@code /post}, {@code /put}, {@code /patch}, {@code /delete},
     * {@code /status/{code}}, {@code /headers}. One departure: the JDK's server answers 400 to a request line
     * with an unencoded {@code {} or {@code }} (a variable Newman could not resolve and sends as written) before
     * any handler sees it, where postman-echo answers 200.
     */
    static HttpServer echo() {
        return TestTargets.start("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            byte[] body = exchange.getRequestBody().readAllBytes();
            ObjectNode answer = JSON.objectNode();
            if (path.startsWith("/status/") && path.substring(8).matches("[1-5]\\d\\d")) {
                int status = Integer.parseInt(path.substring(8));
                answer.put("status", status);
                send(exchange, status, JSON_TYPE, answer.toString());
                return;
            }
            switch (path) {
                case "/headers" -> answer.set("headers", headers(exchange));
                case "/get", "/post", "/put", "/patch", "/delete" -> {
                    if (!path.substring(1).equalsIgnoreCase(method)) {
                        send(exchange, 404, TEXT_TYPE, "Cannot " + method + " " + path);
                        return;
                    }
                    answer.set("args", query(exchange.getRequestURI().getRawQuery()));
                    if (!method.equals("GET")) {
                        String text = new String(body, StandardCharsets.UTF_8);
                        JsonNode json = parse(text);
                        boolean form = contentType(exchange).startsWith("application/x-www-form-urlencoded");
                        answer.set("data", json != null ? json : JSON.stringNode(form ? "" : text));
                        answer.set("files", JSON.objectNode());
                        answer.set("form", form ? query(text) : JSON.objectNode());
                        answer.set("json", json != null ? json : JSON.nullNode());
                    }
                    answer.set("headers", headers(exchange));
                    answer.put(
                            "url",
                            "http://" + exchange.getRequestHeaders().getFirst("Host") + exchange.getRequestURI());
                }
                default -> {
                    send(exchange, 404, TEXT_TYPE, "Cannot " + method + " " + path);
                    return;
                }
            }
            send(exchange, 200, JSON_TYPE, answer.toString());
        });
    }

    // --- reqres --------------------------------------------------------------------------------

    static final String REQRES_KEY = "reqres-free-v1";
    private static final String REQRES_TOKEN = "QpwL5tke4Pnpja7X4";
    private static final String[][] REQRES_USERS = {
        {"George", "Bluth"},
        {"Janet", "Weaver"},
        {"Emma", "Wong"},
        {"Eve", "Holt"},
        {"Charles", "Morris"},
        {"Tracey", "Ramos"},
        {"Michael", "Lawson"},
        {"Lindsay", "Ferguson"},
        {"Tobias", "Funke"},
        {"Byron", "Fields"},
        {"George", "Edwards"},
        {"Rachel", "Howell"}
    };

    /**
     * reqres: users 1 to 12, create (201, echoing the body with an id), update, delete (204), register
     * and login for its one defined user. As the real service now does, every call needs the free API
     * key in {@code x-api-key} (the collection adds it in a collection-level pre-request script).
     */
    static HttpServer reqres() {
        return TestTargets.start("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            JsonNode body = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (!REQRES_KEY.equals(exchange.getRequestHeaders().getFirst("x-api-key"))) {
                sendJson(exchange, 401, "{\"error\":\"Missing API key\"}");
                return;
            }
            if (path.equals("/api/register") || path.equals("/api/login")) {
                String email = text(body, "email");
                if (email.isEmpty()) {
                    sendJson(exchange, 400, "{\"error\":\"Missing email or username\"}");
                } else if (text(body, "password").isEmpty()) {
                    sendJson(exchange, 400, "{\"error\":\"Missing password\"}");
                } else if (!email.equals("eve.holt@reqres.in")) {
                    sendJson(exchange, 400, "{\"error\":\"user not found\"}");
                } else {
                    sendJson(
                            exchange,
                            200,
                            path.endsWith("register")
                                    ? "{\"id\":4,\"token\":\"" + REQRES_TOKEN + "\"}"
                                    : "{\"token\":\"" + REQRES_TOKEN + "\"}");
                }
                return;
            }
            if (path.equals("/api/users") && method.equals("POST")) {
                ObjectNode created = body instanceof ObjectNode o ? o.deepCopy() : JSON.objectNode();
                // the real service numbers new users; a stand-in without state derives the number
                created.put(
                        "id",
                        String.valueOf(100 + Math.floorMod(created.toString().hashCode(), 900)));
                created.put("createdAt", "2025-06-17T15:17:44.077Z");
                sendJson(exchange, 201, created.toString());
                return;
            }
            if (path.startsWith("/api/users/")) {
                int id = number(path.substring("/api/users/".length()));
                switch (method) {
                    case "GET" -> {
                        if (id < 1 || id > REQRES_USERS.length) {
                            sendJson(exchange, 404, "{}");
                            return;
                        }
                        String[] user = REQRES_USERS[id - 1];
                        ObjectNode data = JSON.objectNode()
                                .put("id", id)
                                .put(
                                        "email",
                                        user[0].toLowerCase(Locale.ROOT) + "." + user[1].toLowerCase(Locale.ROOT)
                                                + "@reqres.in")
                                .put("first_name", user[0])
                                .put("last_name", user[1])
                                .put("avatar", "https://reqres.in/img/faces/" + id + "-image.jpg");
                        ObjectNode answer = JSON.objectNode();
                        answer.set("data", data);
                        answer.set(
                                "support",
                                JSON.objectNode()
                                        .put("url", "https://contentcaddy.io")
                                        .put("text", "Tired of writing endless social media content?"));
                        sendJson(exchange, 200, answer.toString());
                    }
                    case "PUT", "PATCH" -> {
                        ObjectNode updated = body instanceof ObjectNode o ? o.deepCopy() : JSON.objectNode();
                        updated.put("updatedAt", "2025-06-17T15:17:44.077Z");
                        sendJson(exchange, 200, updated.toString());
                    }
                    case "DELETE" -> send(exchange, 204, null, "");
                    default -> sendJson(exchange, 405, "{}");
                }
                return;
            }
            sendJson(exchange, 404, "{}");
        });
    }

    // --- Fake Store API ---------------------------------------------------------------------------

    /** The users whose login succeeds: the real service knows all three of the collection's data rows. */
    private static final Map<String, String> FAKESTORE_LOGINS = Map.of("johnd", "m38rmF$", "mor_2314", "83r5^_");

    private static final String FAKESTORE_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOjJ9.c3RhbmQtaW4";

    /**
     * The Fake Store API: login, users (10), carts (7), products (20), each listed, read, added (a new
     * id, not stored), updated (the body echoed with the id) and deleted. Unknown ids are read as
     * {@code null}, as the real service answers them. Unlike the real service, it lets only two of the
     * collection's three data rows log in ({@code kevinryan} is refused), so that login fails for one row.
     */
    static HttpServer fakestore() {
        return TestTargets.start("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode body = parse(raw);
            if (path.equals("/auth/login") && method.equals("POST")) {
                String user = text(body, "username");
                String password = text(body, "password");
                if (body == null || !body.has("username") || !body.has("password")) {
                    send(exchange, 400, TEXT_TYPE, "username and password are not provided in JSON format");
                } else if (password.equals(FAKESTORE_LOGINS.get(user))) {
                    sendJson(
                            exchange,
                            200,
                            JSON.objectNode().put("token", FAKESTORE_TOKEN).toString());
                } else {
                    send(exchange, 401, TEXT_TYPE, "username or password is incorrect");
                }
                return;
            }
            String[] parts = path.split("/", -1);
            // "/users" → ["", "users"]; "/users/" and "/users/3" → ["", "users", "" or "3"]
            if (parts.length < 2
                    || parts.length > 3
                    || !Set.of("users", "carts", "products").contains(parts[1])) {
                send(exchange, 404, TEXT_TYPE, "Cannot " + method + " " + path);
                return;
            }
            String kind = parts[1];
            String idText = parts.length == 3 ? parts[2] : "";
            List<ObjectNode> all = fakestoreAll(kind);
            if (idText.isEmpty()) {
                switch (method) {
                    case "GET" -> {
                        List<ObjectNode> listed = new ArrayList<>(all);
                        if ("desc".equals(queryValue(exchange, "sort"))) {
                            java.util.Collections.reverse(listed);
                        }
                        int limit = number(queryValue(exchange, "limit"));
                        ArrayNode array = JSON.arrayNode();
                        listed.stream().limit(limit > 0 ? limit : listed.size()).forEach(array::add);
                        sendJson(exchange, 200, array.toString());
                    }
                    case "POST" -> {
                        ObjectNode created = body instanceof ObjectNode o ? o.deepCopy() : JSON.objectNode();
                        created.put("id", all.size() + 1);
                        sendJson(exchange, 200, created.toString());
                    }
                    default -> send(exchange, 404, TEXT_TYPE, "Cannot " + method + " " + path);
                }
                return;
            }
            int id = number(idText);
            ObjectNode found = id >= 1 && id <= all.size() ? all.get(id - 1) : null;
            switch (method) {
                case "GET", "DELETE" -> sendJson(exchange, 200, found == null ? "null" : found.toString());
                case "PUT", "PATCH" -> {
                    ObjectNode updated = JSON.objectNode().put("id", id);
                    if (body instanceof ObjectNode o) {
                        updated.setAll(o);
                        updated.put("id", id);
                    }
                    sendJson(exchange, 200, updated.toString());
                }
                default -> send(exchange, 404, TEXT_TYPE, "Cannot " + method + " " + path);
            }
        });
    }

    private static List<ObjectNode> fakestoreAll(String kind) {
        List<ObjectNode> all = new ArrayList<>();
        switch (kind) {
            case "users" -> {
                String[][] users = {
                    {"johnd", "m38rmF$", "john", "doe"}, {"mor_2314", "83r5^_", "david", "morrison"},
                    {"kevinryan", "kev02937@", "kevin", "ryan"}, {"donero", "ewedon", "don", "romer"},
                    {"derek", "jklg*_56", "derek", "powell"}, {"david_r", "3478*#54", "david", "russell"},
                    {"snyder", "f238&@*$", "miriam", "snyder"}, {"hopkins", "William56$hj", "william", "hopkins"},
                    {"kate_h", "kfejk@*_", "kate", "hale"}, {"jimmie_k", "klein*#%*", "jimmie", "klein"}
                };
                for (int i = 0; i < users.length; i++) {
                    ObjectNode user = JSON.objectNode();
                    ObjectNode address = user.putObject("address");
                    address.putObject("geolocation").put("lat", "-37.3159").put("long", "81.1496");
                    address.put("city", "kilcoole")
                            .put("street", "new road")
                            .put("number", 7682 + i)
                            .put("zipcode", "12926-3874");
                    user.put("id", i + 1)
                            .put("email", users[i][2] + "@gmail.com")
                            .put("username", users[i][0])
                            .put("password", users[i][1]);
                    user.putObject("name").put("firstname", users[i][2]).put("lastname", users[i][3]);
                    user.put("phone", "1-570-236-70" + (10 + i)).put("__v", 0);
                    all.add(user);
                }
            }
            case "carts" -> {
                for (int i = 1; i <= 7; i++) {
                    ObjectNode cart = JSON.objectNode()
                            .put("id", i)
                            .put("userId", (i + 1) / 2)
                            .put("date", "2020-03-0" + i + "T00:00:00.000Z");
                    cart.putArray("products")
                            .add(JSON.objectNode().put("productId", i).put("quantity", 4))
                            .add(JSON.objectNode().put("productId", i + 1).put("quantity", 1));
                    cart.put("__v", 0);
                    all.add(cart);
                }
            }
            default -> {
                String[] categories = {"men's clothing", "jewelery", "electronics", "women's clothing"};
                for (int i = 1; i <= 20; i++) {
                    ObjectNode product = JSON.objectNode()
                            .put("id", i)
                            .put("title", "product " + i)
                            .put("price", 9.85 + i)
                            .put("description", "description of product " + i)
                            .put("category", categories[i % categories.length])
                            .put("image", "https://fakestoreapi.com/img/" + i + ".jpg");
                    product.putObject("rating").put("rate", 3.9).put("count", 120 + i);
                    all.add(product);
                }
            }
        }
        return all;
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static ObjectNode headers(HttpExchange exchange) {
        ObjectNode headers = JSON.objectNode();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        return headers;
    }

    private static String contentType(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        return type == null ? "" : type.toLowerCase(Locale.ROOT);
    }

    /** A query string as postman-echo shows it: one value as a string, a repeated name as an array. */
    private static ObjectNode query(String raw) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        ObjectNode args = JSON.objectNode();
        values.forEach((name, list) -> {
            if (list.size() == 1) {
                args.put(name, list.get(0));
            } else {
                ArrayNode array = args.putArray(name);
                list.forEach(array::add);
            }
        });
        return args;
    }

    private static String queryValue(HttpExchange exchange, String name) {
        JsonNode value = query(exchange.getRequestURI().getRawQuery()).get(name);
        return value == null ? "" : value.asString("");
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static JsonNode parse(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return Api.JSON.readTree(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonNode body, String field) {
        return body == null ? "" : body.path(field).asString("").strip();
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void sendJson(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, JSON_TYPE, body);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
