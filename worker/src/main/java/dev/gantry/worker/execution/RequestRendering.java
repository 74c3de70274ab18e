package dev.gantry.worker.execution;

import dev.gantry.model.BodyType;
import dev.gantry.model.Template;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders a step's request from its compiled templates and the work item's variables: the URL
 * (the environment's base URL, the path, the query parameters URL-encoded), the headers, the
 * body and the multipart parts. A template that names a variable no scope has throws
 * {@link Template.UnknownVariableException}: a silent empty string would send a wrong request
 * that looks right.
 */
final class RequestRendering {
    private RequestRendering() {}

    /** The URL: an absolute path as it is, else the base URL (without its trailing slash) and the path. */
    static String url(String baseUrl, CompiledCase step, Function<String, String> vars) {
        String path = braces(step.path().render(vars));
        StringBuilder url = new StringBuilder(128);
        if (path.startsWith("http://") || path.startsWith("https://")) {
            url.append(path);
        } else {
            url.append(baseUrl);
            if (!path.startsWith("/")) {
                url.append('/');
            }
            url.append(path);
        }
        char separator = url.indexOf("?") >= 0 ? '&' : '?';
        for (Map.Entry<String, Template> parameter : step.query().entrySet()) {
            url.append(separator)
                    .append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(parameter.getValue().render(vars), StandardCharsets.UTF_8));
            separator = '&';
        }
        return url.toString();
    }

    /**
     * Braces are never legal in a URL: a placeholder left unresolved ({@code {{id}}}) goes out
     * percent-encoded, as Postman sends it, instead of making the request invalid.
     */
    private static String braces(String path) {
        return path.indexOf('{') < 0 && path.indexOf('}') < 0
                ? path
                : path.replace("{", "%7B").replace("}", "%7D");
    }

    /**
     * The headers (the environment's, then the case's, by lower-case name), and the content type
     * of the body's type unless one is given; a map the auth may add to.
     */
    static Map<String, String> headers(CompiledCase step, Function<String, String> vars) {
        Map<String, String> headers = new LinkedHashMap<>();
        step.headers().forEach((name, value) -> headers.put(name, value.render(vars)));
        BodyType bodyType = step.definition().request().bodyType();
        if (step.body() != null && bodyType.contentType() != null) {
            headers.putIfAbsent("content-type", bodyType.contentType());
        }
        return headers;
    }

    /** The body, or null when the case sends none. */
    static String body(CompiledCase step, Function<String, String> vars) {
        return step.body() == null ? null : step.body().render(vars);
    }

    /** The multipart parts, none for a request that is not multipart. */
    static List<HttpTransport.Part> parts(CompiledCase step, Function<String, String> vars) {
        if (step.parts().isEmpty()) {
            return List.of();
        }
        List<HttpTransport.Part> parts = new ArrayList<>(step.parts().size());
        for (CompiledCase.CompiledPart p : step.parts()) {
            parts.add(new HttpTransport.Part(
                    p.name().render(vars),
                    p.filename() == null ? null : p.filename().render(vars),
                    p.contentType() == null ? null : p.contentType().render(vars),
                    p.content().render(vars)));
        }
        return List.copyOf(parts);
    }

    /** What a step detail shows of a multipart body: each part, not the encoded body. */
    static String shown(List<HttpTransport.Part> parts) {
        StringBuilder shown = new StringBuilder();
        for (HttpTransport.Part p : parts) {
            if (!shown.isEmpty()) {
                shown.append('\n');
            }
            shown.append(p.name())
                    .append(p.filename() == null ? "" : " (file " + p.filename() + ")")
                    .append(": ")
                    .append(p.content());
        }
        return shown.toString();
    }
}
