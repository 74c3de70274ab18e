package dev.gantry.client;

/**
 * The control plane answered outside 2xx. {@link #problem()} is its RFC 9457 problem detail when the body
 * was one (null otherwise); {@link #body()} is the body as received, cut at the client's bound.
 */
public final class GantryApiException extends GantryClientException {

    private final String method;
    private final String path;
    private final int status;
    private final Problem problem;
    private final String body;

    GantryApiException(String method, String path, int status, Problem problem, String body) {
        super(method + " " + path + " answered HTTP " + status);
        this.method = method;
        this.path = path;
        this.status = status;
        this.problem = problem;
        this.body = body;
    }

    public String method() {
        return method;
    }

    /** The path as requested, with its query. */
    public String path() {
        return path;
    }

    public int status() {
        return status;
    }

    /** The problem detail, or null when the body was not one. */
    public Problem problem() {
        return problem;
    }

    public String body() {
        return body;
    }

    /** The problem's {@code detail} when there is one, else the body as received: what to show a person. */
    public String detailOrBody() {
        return problem != null && problem.detail() != null ? problem.detail() : body;
    }
}
