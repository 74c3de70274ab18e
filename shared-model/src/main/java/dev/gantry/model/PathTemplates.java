package dev.gantry.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Matches request paths to a specification's path templates ({@code /pets/{petId}}). A template
 * matches the last segments of a path, so a base path in the environment's URL ({@code /api/v1})
 * does not matter; {@code {{var}}} segments of a case's path match parameter segments. Of several
 * matching templates the one with the most literal segments wins ({@code /pets/mine} over {@code /pets/{id}}).
 */
public final class PathTemplates {
    /** A template and what it stands for (an endpoint key or index). */
    public record Entry<T>(String method, String template, T value) {}

    private PathTemplates() {}

    public static <T> T match(List<Entry<T>> entries, String method, String path) {
        List<String> segments = segments(stripQuery(path));
        Entry<T> best = null;
        int bestLiterals = -1;
        int bestLength = -1;
        for (Entry<T> entry : entries) {
            if (!entry.method().equalsIgnoreCase(method)) {
                continue;
            }
            List<String> template = segments(entry.template());
            if (template.size() > segments.size()) {
                continue;
            }
            int offset = segments.size() - template.size();
            int literals = 0;
            boolean ok = true;
            for (int i = 0; i < template.size() && ok; i++) {
                String t = template.get(i);
                String s = segments.get(offset + i);
                if (t.startsWith("{") && t.endsWith("}")) {
                    ok = !s.isEmpty();
                } else if (t.equals(s)) {
                    literals++;
                } else {
                    ok = false;
                }
            }
            if (ok && (template.size() > bestLength || (template.size() == bestLength && literals > bestLiterals))) {
                best = entry;
                bestLiterals = literals;
                bestLength = template.size();
            }
        }
        return best == null ? null : best.value();
    }

    /** The path of a URL or of a case's path template, without scheme, host and query. */
    public static String pathOf(String url) {
        String path = url;
        int scheme = path.indexOf("://");
        if (scheme >= 0) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        return stripQuery(path);
    }

    private static String stripQuery(String path) {
        int q = path.indexOf('?');
        int h = path.indexOf('#');
        int end = path.length();
        if (q >= 0) {
            end = Math.min(end, q);
        }
        if (h >= 0) {
            end = Math.min(end, h);
        }
        return path.substring(0, end);
    }

    public static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
