package dev.gantry.controlplane.specs;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns an upload into a JSON tree with every limit enforced before the OpenAPI parser sees it:
 * size, UTF-8, nesting depth, node count (YAML aliases expanded), SnakeYAML's alias and code point
 * guards, duplicate keys. YAML timestamps stay strings ({@code 2023-10-29} is a date-formatted
 * string in OpenAPI, not a {@link java.util.Date}).
 */
final class SpecDocumentReader {
    enum Format {
        JSON,
        YAML
    }

    record Document(JsonNode root, Format format) {}

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SpecsProperties limits;
    private final ObjectMapper json;

    SpecDocumentReader(SpecsProperties limits) {
        this.limits = limits;
        this.json = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
        json.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxDocumentLength(limits.maxBytes())
                        .maxNumberLength(100)
                        .build());
    }

    Document read(byte[] bytes) {
        if (bytes.length == 0) {
            throw new SpecRejectedException(null, "the document is empty");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new SpecRejectedException(
                    null, "the document is larger than " + limits.maxBytes() + " bytes (" + bytes.length + ")");
        }
        String text = utf8(bytes);
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("\uFEFF")) {
            trimmed = trimmed.substring(1).stripLeading();
        }
        if (trimmed.isEmpty()) {
            throw new SpecRejectedException(null, "the document is empty");
        }
        JsonNode root = trimmed.startsWith("{") || trimmed.startsWith("[") ? readJson(trimmed) : readYaml(trimmed);
        if (!root.isObject()) {
            throw new SpecRejectedException(null, "the document is not an object (found " + root.getNodeType() + ")");
        }
        return new Document(root, trimmed.startsWith("{") || trimmed.startsWith("[") ? Format.JSON : Format.YAML);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SpecRejectedException(null, "the document is not UTF-8 text");
        }
    }

    private JsonNode readJson(String text) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new SpecRejectedException(
                    at == null ? null : "line " + at.getLineNr() + ", column " + at.getColumnNr(),
                    "invalid JSON: " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            throw new SpecRejectedException(null, "invalid JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new SpecRejectedException(null, "the document is empty");
        }
        int[] count = {0};
        countNodes(root, 0, count);
        return root;
    }

    private void countNodes(JsonNode node, int depth, int[] count) {
        if (++count[0] > limits.maxNodes()) {
            throw new SpecRejectedException(null, "the document has more than " + limits.maxNodes() + " values");
        }
        if (depth > limits.maxDepth()) {
            throw new SpecRejectedException(null, "the document nests deeper than " + limits.maxDepth() + " levels");
        }
        for (JsonNode child : node) {
            countNodes(child, depth + 1, count);
        }
    }

    private JsonNode readYaml(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(limits.maxYamlAliases());
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(limits.maxDepth());
        options.setCodePointLimit(limits.maxBytes());
        Yaml yaml = new Yaml(new StringTimestamps(options));
        Object loaded;
        try {
            loaded = yaml.load(text);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new SpecRejectedException(
                    mark == null ? null : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1),
                    "invalid YAML: " + firstLine(problem));
        } catch (YAMLException e) {
            throw new SpecRejectedException(null, "invalid YAML: " + firstLine(e.getMessage()));
        } catch (StackOverflowError e) {
            throw new SpecRejectedException(null, "the document nests too deeply");
        }
        if (loaded == null) {
            throw new SpecRejectedException(null, "the document is empty");
        }
        int[] count = {0};
        return toNode(loaded, 0, count);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Plain Java values from SnakeYAML to a tree, counting every value so expanded aliases are bounded. */
    private JsonNode toNode(Object value, int depth, int[] count) {
        if (++count[0] > limits.maxNodes()) {
            throw new SpecRejectedException(
                    null, "the document has more than " + limits.maxNodes() + " values (YAML aliases expanded)");
        }
        if (depth > limits.maxDepth()) {
            throw new SpecRejectedException(null, "the document nests deeper than " + limits.maxDepth() + " levels");
        }
        return switch (value) {
            case null -> NODES.nullNode();
            case Map<?, ?> map -> {
                ObjectNode object = NODES.objectNode();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    Object key = entry.getKey();
                    if (key instanceof Map<?, ?> || key instanceof Collection<?>) {
                        throw new SpecRejectedException(null, "a mapping key is not a scalar");
                    }
                    object.set(String.valueOf(key), toNode(entry.getValue(), depth + 1, count));
                }
                yield object;
            }
            case Collection<?> list -> {
                ArrayNode array = NODES.arrayNode();
                for (Object item : list) {
                    array.add(toNode(item, depth + 1, count));
                }
                yield array;
            }
            case String s -> NODES.textNode(s);
            case Boolean b -> NODES.booleanNode(b);
            case Integer i -> NODES.numberNode(i);
            case Long l -> NODES.numberNode(l);
            case BigInteger b -> NODES.numberNode(b);
            case Double d -> d.isNaN() || d.isInfinite() ? NODES.textNode(String.valueOf(d)) : NODES.numberNode(d);
            case BigDecimal b -> NODES.numberNode(b);
            case byte[] b -> NODES.binaryNode(b);
            default -> NODES.textNode(String.valueOf(value));
        };
    }

    /** SnakeYAML's safe constructor, with timestamps kept as the strings they were written as. */
    private static final class StringTimestamps extends SafeConstructor {
        StringTimestamps(LoaderOptions options) {
            super(options);
            this.yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
        }
    }
}
