package dev.gantry.model;

/** Where a variable extraction reads its value from. */
public enum ExtractionSource {
    /** A JSONPath over the response body. */
    BODY,
    /** A response header, by name. */
    HEADER,
    /** The response status code. */
    STATUS,
    /** A regular expression over the body: its first group, or the whole match without groups. */
    REGEX
}
