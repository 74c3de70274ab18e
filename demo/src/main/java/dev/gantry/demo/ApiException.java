package dev.gantry.demo;

/** The control plane answered a request with a status outside 2xx; the body is usually a problem detail. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String body;

    ApiException(String method, String path, int status, String body) {
        super(method + " " + path + " answered HTTP " + status);
        this.status = status;
        this.body = body;
    }

    int status() {
        return status;
    }

    String body() {
        return body;
    }
}
