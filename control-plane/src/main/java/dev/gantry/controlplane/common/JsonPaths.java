package dev.gantry.controlplane.common;

import java.util.List;
import tools.jackson.core.JacksonException;

/** Turns a Jackson error location into the dotted field name a client sent, e.g. {@code request.method}. */
final class JsonPaths {
    private JsonPaths() {}

    static String describe(List<JacksonException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference ref : path) {
            if (ref.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }
}
