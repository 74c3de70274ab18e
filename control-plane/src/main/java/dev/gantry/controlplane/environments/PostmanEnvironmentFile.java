package dev.gantry.controlplane.environments;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.controlplane.common.UnprocessableException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads a Postman environment file ({@code *.postman_environment.json}, or an exported globals file,
 * which has the same shape) into what a Gantry environment holds: enabled values become variables,
 * {@code secret}-typed ones secrets, and the value the collections use as their URL prefix the base
 * URL (Postman collections start their URLs with {@code {{baseUrl}}}, which the collection import
 * drops in favour of the environment's base URL). What is left out is answered with its reason.
 */
final class PostmanEnvironmentFile {
    /** The names a collection's URL prefix usually has, in the order they are preferred. */
    static final List<String> BASE_URL_NAMES = List.of("baseUrl", "base_url", "url", "host");

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

    /** How a value of the file was imported: as the base URL, a variable or a secret. */
    record Imported(String key, String as) {}

    /** A value of the file that was not imported, and why. */
    record Skipped(String key, String field, String reason) {}

    /**
     * What the file becomes.
     *
     * @param baseUrlFrom where the base URL came from: {@code ?baseUrl=} or the file's field
     */
    record Plan(
            String name,
            String baseUrl,
            String baseUrlFrom,
            Map<String, String> variables,
            Map<String, String> secrets,
            List<Imported> imported,
            List<Skipped> skipped) {}

    /** One enabled, well-named value of the file. */
    private record Value(int index, String key, String value, boolean secret) {
        String field() {
            return "values[" + index + "].value";
        }
    }

    private PostmanEnvironmentFile() {}

    /**
     * @param name            the environment's name; null: the file's {@code name}
     * @param baseUrl         the base URL; null: the file's base-URL value
     * @param baseUrlVariable the key of the file's base-URL value; null: the first of {@link #BASE_URL_NAMES}
     */
    static Plan read(byte[] body, String name, String baseUrl, String baseUrlVariable) {
        JsonNode file;
        try {
            file = JsonColumns.MAPPER.readTree(body);
        } catch (RuntimeException e) {
            throw new InvalidInputException("body", "not JSON: " + e.getMessage());
        }
        if (file == null || !file.isObject()) {
            throw new InvalidInputException("body", "a Postman environment file is a JSON object");
        }
        if (!file.path("values").isArray()) {
            throw new InvalidInputException(
                    "values",
                    file.has("item")
                            ? "this is a Postman collection; import it with POST /api/v1/suites/{id}/import/postman"
                            : "is required: a Postman environment file has values: [{key, value, type, enabled}]");
        }
        String environmentName = name != null ? name : file.path("name").asString(null);
        if (environmentName == null || environmentName.isBlank() || environmentName.length() > 200) {
            throw new InvalidInputException(
                    "name", name != null ? "must be 1..200 characters" : "the file has no name; give ?name=");
        }

        List<Skipped> skipped = new ArrayList<>();
        Map<String, Value> values = new LinkedHashMap<>();
        JsonNode entries = file.get("values");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            if (!entry.isObject() || !entry.path("key").isString()) {
                throw new InvalidInputException("values[" + i + "].key", "every value needs a key (a string)");
            }
            String key = entry.get("key").asString();
            if (!entry.path("enabled").asBoolean(true)) {
                skipped.add(new Skipped(key, "values[" + i + "]", "disabled in the file"));
                continue;
            }
            if (!VARIABLE_NAME.matcher(key).matches()) {
                skipped.add(new Skipped(
                        key,
                        "values[" + i + "].key",
                        "not a Gantry variable name (letters, digits, _ . -, not starting with a digit)"));
                continue;
            }
            Value previous = values.put(
                    key,
                    new Value(
                            i,
                            key,
                            text(entry.path("value")),
                            entry.path("type").asString("").equals("secret")));
            if (previous != null) {
                skipped.add(new Skipped(
                        key, "values[" + previous.index() + "]", "the file sets it again at values[" + i + "]"));
            }
        }

        List<Imported> imported = new ArrayList<>();
        String chosenUrl;
        String baseUrlFrom;
        if (baseUrl != null) {
            chosenUrl = baseUrl;
            baseUrlFrom = "?baseUrl=";
        } else {
            Value source = baseUrlValue(values, baseUrlVariable);
            if (!isAbsoluteHttpUrl(source.value())) {
                throw new UnprocessableException(
                        "no-base-url",
                        source.field(),
                        "the file's " + source.key() + " is '" + source.value() + "', not an absolute http(s) URL"
                                + " that can be the environment's base URL; give ?baseUrl=https://…");
            }
            values.remove(source.key());
            chosenUrl = source.value();
            baseUrlFrom = source.field();
            imported.add(new Imported(source.key(), "baseUrl"));
        }
        Map<String, String> variables = new LinkedHashMap<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        for (Value value : values.values()) {
            if (value.secret()) {
                secrets.put(value.key(), value.value());
                imported.add(new Imported(value.key(), "secret"));
            } else {
                variables.put(value.key(), value.value());
                imported.add(new Imported(value.key(), "variable"));
            }
        }
        return new Plan(environmentName, chosenUrl, baseUrlFrom, variables, secrets, imported, skipped);
    }

    /** The value named by {@code ?baseUrlVariable=}, else the first of the usual base-URL names. */
    private static Value baseUrlValue(Map<String, Value> values, String baseUrlVariable) {
        if (baseUrlVariable != null) {
            Value named = values.get(baseUrlVariable);
            if (named == null || named.secret()) {
                throw new UnprocessableException(
                        "no-base-url",
                        "baseUrlVariable",
                        "the file has no enabled, non-secret value named '" + baseUrlVariable + "'");
            }
            return named;
        }
        for (String wanted : BASE_URL_NAMES) {
            for (Value value : values.values()) {
                if (!value.secret() && normalised(value.key()).equals(normalised(wanted))) {
                    return value;
                }
            }
        }
        throw new UnprocessableException(
                "no-base-url",
                "baseUrl",
                "the file has no enabled value named " + String.join(", ", BASE_URL_NAMES)
                        + " to be the environment's base URL; give ?baseUrl=https://… (or ?baseUrlVariable=<key>)");
    }

    /** {@code baseURL}, {@code BASE_URL} and {@code base-url} all name the base URL. */
    private static String normalised(String key) {
        return key.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static boolean isAbsoluteHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Postman keeps most values as strings; numbers and booleans ("any" type) become their text. */
    private static String text(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "";
        }
        return value.isString() ? value.asString() : value.toString();
    }
}
