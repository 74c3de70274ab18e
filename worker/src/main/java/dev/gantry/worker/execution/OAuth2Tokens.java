package dev.gantry.worker.execution;

import dev.gantry.worker.execution.CompiledAuth.ClientCredentials;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OAuth2 client-credentials tokens, fetched once per worker per run and client, and reused by
 * every chain of the run until shortly before they expire. Concurrent chains needing the same
 * token wait for the one fetch instead of each asking the token endpoint.
 */
@Component
class OAuth2Tokens {
    /** A token is renewed this long before the expiry its endpoint announced. */
    static final Duration MARGIN = Duration.ofSeconds(30);

    static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

    private record Key(UUID runId, ClientCredentials credentials) {}

    private record Token(String value, Instant renewAt) {}

    private final HttpTransport http;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<Key, Token> tokens = new ConcurrentHashMap<>();

    OAuth2Tokens(HttpTransport http, JsonMapper json, Clock clock) {
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    /** A token source bound to one run. */
    CompiledAuth.TokenSource forRun(UUID runId) {
        return credentials -> token(new Key(runId, credentials));
    }

    private String token(Key key) throws IOException {
        Token cached = tokens.get(key);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.renewAt())) {
            return cached.value();
        }
        try {
            return tokens.compute(key, (k, old) -> old != null && now.isBefore(old.renewAt()) ? old : fetch(k))
                    .value();
        } catch (TokenException e) {
            throw e.io;
        } finally {
            tokens.values().removeIf(token -> token.renewAt().isBefore(now));
        }
    }

    private Token fetch(Key key) {
        ClientCredentials c = key.credentials();
        String body = "grant_type=client_credentials"
                + (c.scope() == null ? "" : "&scope=" + URLEncoder.encode(c.scope(), StandardCharsets.UTF_8));
        try {
            HttpTransport.Answer answer = http.send(new HttpTransport.Outgoing(
                    "POST",
                    c.tokenUrl(),
                    Map.of(
                            "Authorization", CompiledAuth.basic(c.clientId(), c.clientSecret()),
                            "Content-Type", "application/x-www-form-urlencoded",
                            "Accept", "application/json"),
                    body,
                    Duration.ofSeconds(10)));
            if (answer.status() / 100 != 2) {
                throw new IOException("the OAuth2 token endpoint " + c.tokenUrl() + " answered " + answer.status());
            }
            JsonNode token = json.readTree(answer.body());
            if (!token.hasNonNull("access_token")) {
                throw new IOException("the OAuth2 token endpoint " + c.tokenUrl() + " answered without access_token");
            }
            Duration lifetime = token.hasNonNull("expires_in")
                    ? Duration.ofSeconds(token.get("expires_in").asLong())
                    : DEFAULT_LIFETIME;
            return new Token(
                    token.get("access_token").asString(),
                    clock.instant().plus(lifetime).minus(MARGIN));
        } catch (IOException e) {
            throw new TokenException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenException(new IOException("interrupted while fetching an OAuth2 token", e));
        } catch (RuntimeException e) {
            throw new TokenException(new IOException("unreadable OAuth2 token answer from " + c.tokenUrl(), e));
        }
    }

    /** Carries a checked failure out of {@link ConcurrentHashMap#compute}. */
    private static final class TokenException extends RuntimeException {
        final IOException io;

        TokenException(IOException io) {
            super(io);
            this.io = io;
        }
    }
}
