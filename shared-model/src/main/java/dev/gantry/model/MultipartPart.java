package dev.gantry.model;

import java.util.Objects;

/**
 * One part of a multipart/form-data body; every field is a template. With a {@code filename}
 * the part is a file (its content typically from a data row); without, a plain field.
 */
public record MultipartPart(String name, String filename, String contentType, String content) {
    public MultipartPart {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }
}
