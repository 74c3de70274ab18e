package dev.gantry.worker.execution;

import dev.gantry.model.AuthConfig;
import dev.gantry.model.AuthType;
import dev.gantry.model.Template;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

/** An environment's authentication with its templates compiled, applied to every request. */
public record CompiledAuth(AuthType type, Template first, Template second) {

    static CompiledAuth compile(AuthConfig auth) {
        if (auth == null) {
            return null;
        }
        return switch (auth.type()) {
            case BEARER -> new CompiledAuth(auth.type(), Template.parse(auth.token()), null);
            case BASIC ->
                new CompiledAuth(auth.type(), Template.parse(auth.username()), Template.parse(auth.password()));
            case API_KEY_HEADER, API_KEY_QUERY ->
                new CompiledAuth(auth.type(), Template.parse(auth.name()), Template.parse(auth.value()));
        };
    }

    /** Adds the credentials to the headers, or returns the URL with them as a query parameter. */
    String apply(String url, Map<String, String> headers, Function<String, String> vars) {
        switch (type) {
            case BEARER -> headers.putIfAbsent("authorization", "Bearer " + first.render(vars));
            case BASIC ->
                headers.putIfAbsent(
                        "authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((first.render(vars) + ":" + second.render(vars))
                                                .getBytes(StandardCharsets.UTF_8)));
            case API_KEY_HEADER -> headers.putIfAbsent(first.render(vars).toLowerCase(), second.render(vars));
            case API_KEY_QUERY -> {
                return url
                        + (url.indexOf('?') >= 0 ? '&' : '?')
                        + URLEncoder.encode(first.render(vars), StandardCharsets.UTF_8)
                        + '='
                        + URLEncoder.encode(second.render(vars), StandardCharsets.UTF_8);
            }
        }
        return url;
    }
}
