package dev.gantry.client;

import java.net.http.HttpHeaders;
import java.util.Optional;

/** An answer as received, whatever its status: for callers that check statuses themselves (the tests). */
public record RawAnswer(int status, HttpHeaders headers, String body) {

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }
}
