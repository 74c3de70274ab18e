package dev.gantry.controlplane.specs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIResolver;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.converter.SwaggerConverter;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.swagger.v3.parser.reference.DereferencerContext;
import io.swagger.v3.parser.reference.DereferencersFactory;
import io.swagger.v3.parser.reference.OpenAPIDereferencer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an OpenAPI 3.0/3.1 or Swagger 2.0 document (JSON or YAML) with swagger-parser, after
 * {@link SpecDocumentReader} bounded it and {@link SpecReferences} made sure every reference is local:
 * the parser resolves references inside the document only, and Swagger 2.0 is converted to 3.0 by its
 * converter. Pure function: no database, no network.
 */
public final class SpecParser {
    private static final Pattern ATTRIBUTE = Pattern.compile("^attribute (\\S+)");
    private static final List<String> METHODS =
            List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private final SpecsProperties limits;
    private final SpecDocumentReader reader;

    public SpecParser(SpecsProperties limits) {
        this.limits = limits;
        this.reader = new SpecDocumentReader(limits);
    }

    /** A document already in memory (tests, other importers). */
    ParsedSpec parse(byte[] upload) {
        try {
            return parse(new ByteArrayInputStream(upload));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an array reads without I/O errors
        }
    }

    /**
     * Reads the upload as it arrives, then hands the tree to swagger-parser without writing it out as
     * text again. The tree is dropped once the parser has its model ({@link #deserialize} keeps it to
     * its own frame), so a 13 MB document is never held as bytes, text and two trees at once.
     *
     * @throws IOException when the upload itself cannot be read (a request body past its limit)
     */
    ParsedSpec parse(InputStream upload) throws IOException {
        Deserialized parsed = deserialize(reader.read(upload));
        try {
            return build(parsed);
        } catch (RuntimeException | StackOverflowError e) {
            throw new SpecRejectedException(null, "the document's structure cannot be read: " + e);
        }
    }

    /** The parser's model of a document, and what was learnt from its tree before the tree was let go. */
    private record Deserialized(
            OpenAPI api,
            SpecDocumentReader.Format format,
            String sourceVersion,
            String sha256,
            long bytes,
            List<SpecProblem> problems) {}

    private Deserialized deserialize(SpecDocumentReader.Document document) {
        JsonNode root = document.root();
        String sourceVersion = sourceVersion(root);
        List<SpecProblem> problems = new ArrayList<>(SpecReferences.check(root));
        int operations = countOperations(root);
        if (operations > limits.maxEndpoints()) {
            throw new SpecRejectedException(
                    "/paths", "more than " + limits.maxEndpoints() + " operations (" + operations + ")");
        }
        ParseOptions options = new ParseOptions();
        options.setResolve(true); // local references only: remote ones were refused above
        options.setResolveFully(false);
        options.setFlatten(false);
        options.setValidateExternalRefs(false);
        options.setSafelyResolveURL(true); // a second fence: the parser's own URL allow-list stays empty
        SwaggerParseResult result;
        try {
            result = sourceVersion.startsWith("2")
                    ? new SwaggerConverter().readContents(root.toString(), null, options)
                    : openApi3(root, options);
        } catch (RuntimeException | StackOverflowError e) {
            throw new SpecRejectedException(null, "the OpenAPI parser could not read the document: " + e);
        }
        if (result == null || result.getOpenAPI() == null) {
            List<SpecProblem> fatal = new ArrayList<>();
            if (result != null && result.getMessages() != null) {
                result.getMessages().forEach(m -> fatal.add(problem(m)));
            }
            if (fatal.isEmpty()) {
                fatal.add(new SpecProblem(null, "not a readable OpenAPI document"));
            }
            throw new SpecRejectedException(fatal);
        }
        if (result.getMessages() != null) {
            result.getMessages().forEach(m -> problems.add(problem(m)));
        }
        return new Deserialized(
                result.getOpenAPI(),
                document.format(),
                sourceVersion,
                document.sha256(),
                document.bytes(),
                List.copyOf(new LinkedHashSet<>(problems)));
    }

    /**
     * What {@code OpenAPIV3Parser.readContents} does after it has read the text into a tree: deserialize,
     * then resolve (3.1 through the parser's dereferencer chain, 3.0 through its resolver). Given our
     * tree, the parser neither needs the document as text nor reads it a second time.
     */
    private static SwaggerParseResult openApi3(JsonNode root, ParseOptions options) {
        SwaggerParseResult result = new OpenAPIV3Parser().parseJsonNode(null, root, options);
        if (result.getOpenAPI() == null) {
            return result;
        }
        String version = result.getOpenAPI().getOpenapi();
        if (version != null && version.startsWith("3.1")) {
            DereferencerContext context =
                    new DereferencerContext(result, new ArrayList<>(), null, options, null, null, true);
            List<OpenAPIDereferencer> chain = DereferencersFactory.getInstance().getDereferencers();
            if (!chain.isEmpty()) {
                chain.getFirst().dereference(context, chain.iterator());
            }
        } else {
            new OpenAPIResolver(result.getOpenAPI(), new ArrayList<>(), null, null, options).resolve(result);
        }
        return result;
    }

    private static SpecProblem problem(String message) {
        Matcher m = ATTRIBUTE.matcher(message);
        return new SpecProblem(m.find() ? m.group(1) : null, message);
    }

    private static String sourceVersion(JsonNode root) {
        JsonNode openapi = root.get("openapi");
        JsonNode swagger = root.get("swagger");
        if (openapi != null) {
            String v = openapi.asText();
            if (!openapi.isTextual() || !(v.startsWith("3.0") || v.startsWith("3.1"))) {
                throw new SpecRejectedException(
                        "/openapi", "unsupported OpenAPI version '" + openapi + "' (3.0.x or 3.1.x)");
            }
            return v;
        }
        if (swagger != null) {
            if (!swagger.asText().equals("2.0")) {
                throw new SpecRejectedException("/swagger", "unsupported Swagger version '" + swagger + "' (2.0)");
            }
            return "2.0";
        }
        throw new SpecRejectedException(
                "/openapi", "not an OpenAPI 3.0/3.1 or Swagger 2.0 document (no 'openapi' or 'swagger' field)");
    }

    private static int countOperations(JsonNode root) {
        int count = 0;
        for (JsonNode item : root.path("paths")) {
            for (String method : METHODS) {
                if (item.has(method)) {
                    count++;
                }
            }
        }
        return count;
    }

    private ParsedSpec build(Deserialized parsed) {
        OpenAPI api = parsed.api();
        String sourceVersion = parsed.sourceVersion();
        ObjectMapper mapper = sourceVersion.startsWith("3.1") ? Json31.mapper() : Json.mapper();
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        ObjectNode componentsJson = JsonNodeFactory.instance.objectNode();
        if (components.getSchemas() != null) {
            componentsJson.set("schemas", mapper.valueToTree(components.getSchemas()));
        }
        List<ParsedSpec.Endpoint> endpoints = new ArrayList<>();
        if (api.getPaths() != null) {
            for (Map.Entry<String, PathItem> entry : api.getPaths().entrySet()) {
                PathItem item = entry.getValue();
                if (item == null) {
                    continue;
                }
                for (Map.Entry<PathItem.HttpMethod, Operation> op :
                        item.readOperationsMap().entrySet()) {
                    endpoints.add(endpoint(api, components, mapper, entry.getKey(), item, op.getKey(), op.getValue()));
                }
            }
        }
        List<ParsedSpec.SecurityScheme> schemes = new ArrayList<>();
        if (components.getSecuritySchemes() != null) {
            for (Map.Entry<String, SecurityScheme> s :
                    components.getSecuritySchemes().entrySet()) {
                SecurityScheme scheme = s.getValue();
                if (scheme == null) {
                    continue;
                }
                schemes.add(new ParsedSpec.SecurityScheme(
                        s.getKey(),
                        scheme.getType() == null ? "unknown" : scheme.getType().toString(),
                        scheme.getScheme(),
                        scheme.getIn() == null ? null : scheme.getIn().toString(),
                        scheme.getName(),
                        SpecStore.json(mapper.valueToTree(scheme))));
            }
        }
        String title = api.getInfo() == null ? null : api.getInfo().getTitle();
        String version = api.getInfo() == null ? null : api.getInfo().getVersion();
        return new ParsedSpec(
                sourceVersion,
                parsed.format(),
                title,
                version,
                parsed.sha256(),
                (int) parsed.bytes(),
                parsed.problems(),
                SpecStore.json(componentsJson),
                endpoints,
                schemes);
    }

    private static ParsedSpec.Endpoint endpoint(
            OpenAPI api,
            Components components,
            ObjectMapper mapper,
            String path,
            PathItem item,
            PathItem.HttpMethod method,
            Operation operation) {
        // path-level parameters apply unless the operation redefines the same name and location
        Map<String, Parameter> merged = new LinkedHashMap<>();
        for (List<Parameter> level : java.util.Arrays.asList(item.getParameters(), operation.getParameters())) {
            if (level == null) {
                continue;
            }
            for (Parameter p : level) {
                Parameter resolved = deref(p, components);
                if (resolved == null || resolved.getName() == null || resolved.getIn() == null) {
                    continue;
                }
                merged.put(resolved.getIn() + ":" + resolved.getName(), resolved);
            }
        }
        List<ParsedSpec.Parameter> parameters = new ArrayList<>();
        for (Parameter p : merged.values()) {
            JsonNode schema = p.getSchema() != null ? mapper.valueToTree(p.getSchema()) : null;
            String contentType = null;
            if (schema == null && p.getContent() != null && !p.getContent().isEmpty()) {
                Map.Entry<String, MediaType> media = preferredMedia(p.getContent());
                contentType = media.getKey();
                schema = media.getValue().getSchema() == null
                        ? null
                        : mapper.valueToTree(media.getValue().getSchema());
            }
            JsonNode example = p.getExample() != null
                    ? mapper.valueToTree(p.getExample())
                    : firstExample(mapper, p.getExamples(), components);
            parameters.add(new ParsedSpec.Parameter(
                    p.getName(),
                    p.getIn(),
                    Boolean.TRUE.equals(p.getRequired()) || "path".equals(p.getIn()),
                    contentType,
                    SpecStore.json(schema),
                    SpecStore.json(example)));
        }
        RequestBody body = deref(operation.getRequestBody(), components);
        if (body != null && body.getContent() != null && !body.getContent().isEmpty()) {
            Map.Entry<String, MediaType> media = preferredMedia(body.getContent());
            MediaType type = media.getValue();
            JsonNode example = type.getExample() != null
                    ? mapper.valueToTree(type.getExample())
                    : firstExample(mapper, type.getExamples(), components);
            parameters.add(new ParsedSpec.Parameter(
                    "body",
                    "body",
                    Boolean.TRUE.equals(body.getRequired()),
                    media.getKey(),
                    type.getSchema() == null ? null : SpecStore.json(mapper.valueToTree(type.getSchema())),
                    SpecStore.json(example)));
        }
        List<ParsedSpec.Response> responses = new ArrayList<>();
        if (operation.getResponses() != null) {
            for (Map.Entry<String, ApiResponse> r : operation.getResponses().entrySet()) {
                ApiResponse response = deref(r.getValue(), components);
                if (response == null) {
                    continue;
                }
                String contentType = null;
                JsonNode schema = null;
                ObjectNode examples = JsonNodeFactory.instance.objectNode();
                if (response.getContent() != null && !response.getContent().isEmpty()) {
                    Map.Entry<String, MediaType> media = preferredMedia(response.getContent());
                    contentType = media.getKey();
                    MediaType type = media.getValue();
                    schema = type.getSchema() == null ? null : mapper.valueToTree(type.getSchema());
                    if (type.getExample() != null) {
                        examples.set("example", mapper.valueToTree(type.getExample()));
                    }
                    if (type.getExamples() != null) {
                        for (Map.Entry<String, Example> e : type.getExamples().entrySet()) {
                            Example example = deref(e.getValue(), components);
                            if (example != null && example.getValue() != null) {
                                examples.set(e.getKey(), mapper.valueToTree(example.getValue()));
                            }
                        }
                    }
                }
                responses.add(new ParsedSpec.Response(
                        r.getKey(),
                        response.getDescription(),
                        contentType,
                        SpecStore.json(schema),
                        SpecStore.json(examples)));
            }
        }
        List<SecurityRequirement> requirements =
                operation.getSecurity() != null ? operation.getSecurity() : api.getSecurity();
        List<Map<String, List<String>>> security = new ArrayList<>();
        if (requirements != null) {
            for (SecurityRequirement requirement : requirements) {
                Map<String, List<String>> alternative = new LinkedHashMap<>();
                if (requirement != null) {
                    requirement.forEach(
                            (name, scopes) -> alternative.put(name, scopes == null ? List.of() : List.copyOf(scopes)));
                }
                security.add(alternative);
            }
        }
        return new ParsedSpec.Endpoint(
                method.name(),
                path,
                operation.getOperationId(),
                operation.getSummary(),
                operation.getTags() == null ? List.of() : List.copyOf(operation.getTags()),
                Boolean.TRUE.equals(operation.getDeprecated()),
                parameters,
                responses,
                security);
    }

    private static Map.Entry<String, MediaType> preferredMedia(Content content) {
        Map.Entry<String, MediaType> first = null;
        Map.Entry<String, MediaType> json = null;
        for (Map.Entry<String, MediaType> e : content.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            if (first == null) {
                first = e;
            }
            String type = e.getKey().toLowerCase(java.util.Locale.ROOT);
            if (type.startsWith("application/json")) {
                return e;
            }
            if (json == null && (type.endsWith("+json") || type.contains("json"))) {
                json = e;
            }
        }
        Map.Entry<String, MediaType> chosen = json != null ? json : first;
        return chosen != null ? chosen : Map.entry("application/json", new MediaType());
    }

    private static JsonNode firstExample(ObjectMapper mapper, Map<String, Example> examples, Components components) {
        if (examples == null) {
            return null;
        }
        for (Example e : examples.values()) {
            Example resolved = deref(e, components);
            if (resolved != null && resolved.getValue() != null) {
                return mapper.valueToTree(resolved.getValue());
            }
        }
        return null;
    }

    private static String refName(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    private static Parameter deref(Parameter p, Components c) {
        for (int hops = 0; p != null && p.get$ref() != null && hops < 10; hops++) {
            p = c.getParameters() == null ? null : c.getParameters().get(refName(p.get$ref()));
        }
        return p;
    }

    private static RequestBody deref(RequestBody b, Components c) {
        for (int hops = 0; b != null && b.get$ref() != null && hops < 10; hops++) {
            b = c.getRequestBodies() == null ? null : c.getRequestBodies().get(refName(b.get$ref()));
        }
        return b;
    }

    private static ApiResponse deref(ApiResponse r, Components c) {
        for (int hops = 0; r != null && r.get$ref() != null && hops < 10; hops++) {
            r = c.getResponses() == null ? null : c.getResponses().get(refName(r.get$ref()));
        }
        return r;
    }

    private static Example deref(Example e, Components c) {
        for (int hops = 0; e != null && e.get$ref() != null && hops < 10; hops++) {
            e = c.getExamples() == null ? null : c.getExamples().get(refName(e.get$ref()));
        }
        return e;
    }
}
