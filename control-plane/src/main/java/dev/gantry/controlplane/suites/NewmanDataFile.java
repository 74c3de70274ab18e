package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.InvalidInputException;
import dev.gantry.controlplane.common.JsonColumns;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Reads a Newman iteration data file ({@code newman run -d}) into data rows: a JSON array of objects,
 * or a CSV whose first line names the columns. Newman tries JSON first and falls back to CSV; so does
 * this when the upload's content type does not say which it is. The CSV is read as Newman's csv-parse
 * options read it: a byte-order mark dropped, spaces around a field trimmed, quotes doubled inside
 * quoted fields, quotes inside unquoted fields kept, a short line leaving its last columns out and a
 * long one cut to the header. Values become the text a template inserts: numbers and booleans as
 * JavaScript prints them, nested values as JSON text; a JSON null leaves the column out of that row,
 * as Newman leaves such a variable unresolved.
 */
final class NewmanDataFile {
    /** What the file was read as. */
    enum Format {
        JSON,
        CSV
    }

    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvReadFeature.TRIM_SPACES)
            .enable(CsvReadFeature.IGNORE_TRAILING_UNMAPPABLE)
            .build();

    private NewmanDataFile() {}

    /** The format the content type names, or null when it names neither (then JSON is tried first). */
    static Format formatOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json") || type.contains("+json")) {
            return Format.JSON;
        }
        if (type.startsWith("text/csv") || type.startsWith("application/csv")) {
            return Format.CSV;
        }
        return null;
    }

    /** The rows of the file, each a map of column to text, in the file's order. */
    static List<Map<String, Object>> read(byte[] body, Format format) {
        String text = utf8(body);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (format == Format.JSON) {
            return json(text);
        }
        if (format == null) {
            JsonNode tree = tryJson(text);
            if (tree != null) {
                return rows(tree);
            }
        }
        return csv(text);
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("body", "not UTF-8 text");
        }
    }

    private static JsonNode tryJson(String text) {
        try {
            return JsonColumns.MAPPER.readTree(text);
        } catch (JacksonException notJson) {
            return null;
        }
    }

    private static List<Map<String, Object>> json(String text) {
        JsonNode tree;
        try {
            tree = JsonColumns.MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidInputException("body", "not JSON: " + e.getOriginalMessage());
        }
        return rows(tree);
    }

    private static List<Map<String, Object>> rows(JsonNode tree) {
        if (tree == null || !tree.isArray()) {
            throw new InvalidInputException("body", "a Newman data file is a JSON array of objects (or a CSV)");
        }
        if (tree.size() > DataSetController.MAX_ROWS) {
            throw new InvalidInputException("rows", "at most " + DataSetController.MAX_ROWS + " rows per data set");
        }
        List<Map<String, Object>> rows = new ArrayList<>(tree.size());
        for (int i = 0; i < tree.size(); i++) {
            JsonNode row = tree.get(i);
            if (!row.isObject()) {
                throw new InvalidInputException("rows[" + i + "]", "must be an object");
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> column : row.properties()) {
                JsonNode value = column.getValue();
                if (!value.isNull()) {
                    values.put(column.getKey(), text(value));
                }
            }
            rows.add(values);
        }
        return rows;
    }

    private static List<Map<String, Object>> csv(String text) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> lines = CSV.readerFor(new TypeReference<Map<String, String>>() {})
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(text)) {
            while (lines.hasNext()) {
                if (rows.size() == DataSetController.MAX_ROWS) {
                    throw new InvalidInputException(
                            "rows", "at most " + DataSetController.MAX_ROWS + " rows per data set");
                }
                rows.add(new LinkedHashMap<>(lines.next()));
            }
        } catch (JacksonException e) {
            throw new InvalidInputException(
                    "body", "not readable as CSV with a header line: " + e.getOriginalMessage());
        }
        return rows;
    }

    /** A value as the text a template inserts, as Newman would insert it. */
    static String text(JsonNode value) {
        if (value.isString()) {
            return value.asString();
        }
        if (value.isIntegralNumber()) {
            // exact: Newman's JavaScript would round integers beyond 2^53, which corrupts ids
            return value.bigIntegerValue().toString();
        }
        if (value.isNumber()) {
            return javaScriptNumber(value.doubleValue());
        }
        if (value.isBoolean()) {
            return String.valueOf(value.asBoolean());
        }
        return value.toString();
    }

    /**
     * A double as JavaScript's {@code Number.prototype.toString} prints it (ECMA-262 Number::toString):
     * the shortest digits that read back as the same double, plain between 1e-7 and 1e21, else
     * in exponent form ({@code 1.5e+21}). Java's own form differs ({@code 1000.0}, {@code 1.0E21}).
     */
    static String javaScriptNumber(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return "0";
        }
        // Double.toString gives the shortest digits that round-trip (JDK 19+)
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int k = digits.length();
        int n = k - exact.scale(); // value = 0.digits × 10^n
        StringBuilder out = new StringBuilder(value < 0 ? "-" : "");
        if (k <= n && n <= 21) {
            out.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            int exponent = n - 1;
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            out.append('e').append(exponent < 0 ? "-" : "+").append(Math.abs(exponent));
        }
        return out.toString();
    }
}
