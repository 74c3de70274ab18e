package dev.gantry.model;

/** How a request template's body is sent. */
public enum BodyType {
    NONE(null),
    JSON("application/json"),
    TEXT("text/plain; charset=utf-8"),
    FORM("application/x-www-form-urlencoded"),
    /** multipart/form-data from the template's parts; the transport sets the boundary. */
    MULTIPART(null);

    private final String contentType;

    BodyType(String contentType) {
        this.contentType = contentType;
    }

    /** Default Content-Type header, or null when the body is empty. */
    public String contentType() {
        return contentType;
    }
}
