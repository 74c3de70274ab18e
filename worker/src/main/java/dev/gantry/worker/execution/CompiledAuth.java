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

    /**
     * Adds the credentials to the headers, or returns the URL with them as a query parameter; the
     * rendered credentials are redacted from then on, in every form they travel in.
     */
    String apply(
            String url,
            Map<String, String> headers,
            Function<String, String> vars,
            TokenSource tokens,
            Redaction redaction)
            throws IOException {
        switch (type) {
            case BEARER -> headers.putIfAbsent("authorization", "Bearer " + secret(token, vars, redaction));
            case BASIC -> {
                String user = username.render(vars);
                String secret = secret(password, vars, redaction);
                // a target that echoes the header shows the pair, Base64-encoded
                redaction.add(user + ":" + secret);
                headers.putIfAbsent("authorization", basic(user, secret));
            }
            case API_KEY_HEADER -> headers.putIfAbsent(name.render(vars).toLowerCase(), secret(value, vars, redaction));
            case API_KEY_QUERY -> {
                return url
                        + (url.indexOf('?') >= 0 ? '&' : '?')
                        + URLEncoder.encode(name.render(vars), StandardCharsets.UTF_8)
                        + '='
                        + URLEncoder.encode(secret(value, vars, redaction), StandardCharsets.UTF_8);
            }
            case OAUTH2_CLIENT_CREDENTIALS -> {
                String clientId = username.render(vars);
                String clientSecret = secret(password, vars, redaction);
                redaction.add(clientId + ":" + clientSecret);
                String accessToken = tokens.token(new ClientCredentials(
                        tokenUrl.render(vars), clientId, clientSecret, scope == null ? null : scope.render(vars)));
                redaction.add(accessToken);
                headers.putIfAbsent("authorization", "Bearer " + accessToken);
            }
        }
        return url;
    }

    private static String secret(Template template, Function<String, String> vars, Redaction redaction) {
        String value = template.render(vars);
        redaction.add(value);
        return value;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
