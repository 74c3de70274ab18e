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
import dev.gantry.controlplane.common.BodyTooLargeException;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PushbackReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
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

    /** A document read and bounded, with the SHA-256 (hex) and size of the upload it came from. */
    record Document(JsonNode root, Format format, String sha256, long bytes) {}

    /** Characters decoded ahead of the parsers (which buffer again on their own). */
    private static final int BUFFER_CHARS = 16 * 1024;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SpecsProperties limits;
    private final ObjectMapper json;

    SpecDocumentReader(SpecsProperties limits) {
        this.limits = limits;
        this.json = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                // the upload is read to its end after the tree, for its digest; the caller owns it
                .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
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

    /**
     * Reads the upload as it streams in: UTF-8 is decoded on the way and nothing is copied whole (no
     * array nor string of the upload); its digest and size are taken in passing.
     *
     * @throws IOException when the upload itself cannot be read (a request body past its limit)
     */
    Document read(InputStream upload) throws IOException {
        MessageDigest digest = sha256();
        CountingStream counted = new CountingStream(new DigestInputStream(upload, digest), limits.maxBytes());
        PushbackReader text = new PushbackReader(
                new BufferedReader(
                        new InputStreamReader(
                                counted,
                                StandardCharsets.UTF_8
                                        .newDecoder()
                                        .onMalformedInput(CodingErrorAction.REPORT)
                                        .onUnmappableCharacter(CodingErrorAction.REPORT)),
                        BUFFER_CHARS),
                1);
        JsonNode root;
        Format format = null;
        try {
            int first = firstSignificant(text);
            if (first < 0) {
                throw new SpecRejectedException(null, "the document is empty");
            }
            text.unread(first);
            format = first == '{' || first == '[' ? Format.JSON : Format.YAML;
            root = format == Format.JSON ? readJson(text) : readYaml(text);
            // only whitespace can follow (both parsers refuse anything else): digest and size cover it too
            counted.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            throw refusal(e, format);
        }
        if (!root.isObject()) {
            throw new SpecRejectedException(null, "the document is not an object (found " + root.getNodeType() + ")");
        }
        return new Document(root, format, HexFormat.of().formatHex(digest.digest()), counted.count());
    }

    /** The first character that is neither whitespace nor a byte order mark, or -1 at the end. */
    private static int firstSignificant(PushbackReader text) throws IOException {
        int c;
        do {
            c = text.read();
        } while (c >= 0 && (Character.isWhitespace(c) || c == '\uFEFF'));
        return c;
    }

    /**
     * What went wrong while reading, wherever a parser wrapped it: the request body's own limit passes
     * through (413), our own bound and bad UTF-8 become refusals, anything else stays what it was.
     */
    private RuntimeException refusal(Exception e, Format format) throws IOException {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                throw tooLarge;
            }
            if (cause instanceof TooLarge) {
                return new SpecRejectedException(null, "the document is larger than " + limits.maxBytes() + " bytes");
            }
            if (cause instanceof CharacterCodingException) {
                return new SpecRejectedException(null, "the document is not UTF-8 text");
            }
        }
        return switch (e) {
            case SpecRejectedException rejected -> rejected;
            case JsonProcessingException json -> {
                JsonLocation at = json.getLocation();
                yield new SpecRejectedException(
                        at == null ? null : "line " + at.getLineNr() + ", column " + at.getColumnNr(),
                        "invalid JSON: " + json.getOriginalMessage());
            }
            case YAMLException yaml -> new SpecRejectedException(null, "invalid YAML: " + firstLine(yaml.getMessage()));
            // whatever else Jackson throws on a document is the document's fault, as it always was
            case RuntimeException runtime
            when format == Format.JSON -> new SpecRejectedException(null, "invalid JSON: " + runtime.getMessage());
            case RuntimeException runtime -> runtime;
            default -> throw (IOException) e; // the catch above lets only I/O and runtime failures in
        };
    }

    private JsonNode readJson(Reader text) throws IOException {
        JsonNode root = json.readTree(text);
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

    private JsonNode readYaml(Reader text) {
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
            if (e.getCause() != null) {
                throw e; // reading underneath failed (too large, not UTF-8): read() tells which
            }
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

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Our own bound of the document, for a caller whose stream has none (the request body has). */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("the document is larger than its limit");
        }
    }

    /** Counts the bytes read and refuses the first one past the limit. */
    private static final class CountingStream extends FilterInputStream {
        private final long limit;
        private long count;

        CountingStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        private void counted(long n) throws TooLarge {
            count += n;
            if (count > limit) {
                throw new TooLarge();
            }
        }
    }
}
