package dev.gantry.controlplane.suites;

import java.util.regex.Pattern;

/** A link from a case to a key of an external tracker: a story it tests or a defect found with it. */
public record CaseLink(Kind kind, String key) {
    /** JIRA's issue key: a project key (a capital letter, then capitals, digits or _), a hyphen, a number. */
    public static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]*-[0-9]+");

    /** A key is at most this long (JIRA's project keys are at most 255 in theory, 10 in practice). */
    public static final int MAX_KEY_LENGTH = 60;

    /** At most this many links on one case. */
    public static final int MAX_LINKS = 50;

    public enum Kind {
        STORY,
        DEFECT
    }

    public CaseLink {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        if (key == null || key.length() > MAX_KEY_LENGTH || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("key: '" + key + "' is not a key such as CTP-1234");
        }
    }
}
