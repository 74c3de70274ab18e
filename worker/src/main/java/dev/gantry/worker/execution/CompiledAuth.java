package dev.gantry.worker.execution;

import dev.gantry.model.AuthConfig;
import dev.gantry.model.AuthType;
import dev.gantry.model.Template;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

/** An environment's authentication with its templates compiled, applied to every request. */
public record CompiledAuth(
        AuthType type,
        Template username,
        Template password,
        Template token,
        Template name,
        Template value,
        Template tokenUrl,
        Template scope) {

    /** Answers an OAuth2 access token for a client, fetching it only when none is cached. */
    interface TokenSource {
        String token(ClientCredentials credentials) throws IOException;
    }

    /** One client's token request: what a cached token is keyed by, with the secret. */
    record ClientCredentials(String tokenUrl, String clientId, String clientSecret, String scope) {}

    static CompiledAuth compile(AuthConfig auth) {
        if (auth == null) {
            return null;
        }
        return new CompiledAuth(
                auth.type(),
                parse(auth.username()),
                parse(auth.password()),
                parse(auth.token()),
                parse(auth.name()),
                parse(auth.value()),
                parse(auth.tokenUrl()),
                parse(auth.scope()));
    }

    private static Template parse(String template) {
        return template == null ? null : Template.parse(template);
    }

    /** Adds the credentials to the headers, or returns the URL with them as a query parameter. */
    String apply(String url, Map<String, String> headers, Function<String, String> vars, TokenSource tokens)
            throws IOException {
        switch (type) {
            case BEARER -> headers.putIfAbsent("authorization", "Bearer " + token.render(vars));
            case BASIC -> headers.putIfAbsent("authorization", basic(username.render(vars), password.render(vars)));
            case API_KEY_HEADER -> headers.putIfAbsent(name.render(vars).toLowerCase(), value.render(vars));
            case API_KEY_QUERY -> {
                return url
                        + (url.indexOf('?') >= 0 ? '&' : '?')
                        + URLEncoder.encode(name.render(vars), StandardCharsets.UTF_8)
                        + '='
                        + URLEncoder.encode(value.render(vars), StandardCharsets.UTF_8);
            }
            case OAUTH2_CLIENT_CREDENTIALS ->
                headers.putIfAbsent(
                        "authorization",
                        "Bearer "
                                + tokens.token(new ClientCredentials(
                                        tokenUrl.render(vars),
                                        username.render(vars),
                                        password.render(vars),
                                        scope == null ? null : scope.render(vars))));
        }
        return url;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
