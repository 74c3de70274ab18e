package dev.gantry.controlplane.releases;

import dev.gantry.controlplane.common.InvalidInputException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What a user sends about releases, checked before anything is stored: each refusal names its
 * field. Enums are read here rather than by Jackson so that an unknown value is answered with the
 * values there are.
 */
final class ReleaseInput {
    static final int MAX_VERSION = 50;
    static final int MAX_NAME = 200;
    static final int MAX_COMMENT = 2_000;
    static final int MAX_DEFECTS = 20;
    /** A week: longer than any one execution of a case by hand. */
    static final long MAX_DURATION_MS = 7L * 24 * 3600 * 1000;
    /** A JIRA issue key: the project key (2 to 10 letters, digits or underscores, a letter first), a number. */
    static final Pattern DEFECT_KEY = Pattern.compile("[A-Z][A-Z0-9_]{1,9}-[1-9][0-9]{0,8}");

    private ReleaseInput() {}

    record ReleaseRequest(
            String version, String name, UUID environmentId, String releaseDate, UUID qaLeadId, String status) {
        ReleaseService.Fields checked() {
            if (version == null || version.isBlank()) {
                throw new InvalidInputException("version", "must not be blank (e.g. R 2.90)");
            }
            if (version.strip().length() > MAX_VERSION) {
                throw new InvalidInputException("version", "at most " + MAX_VERSION + " characters");
            }
            if (name != null && name.length() > MAX_NAME) {
                throw new InvalidInputException("name", "at most " + MAX_NAME + " characters");
            }
            if (environmentId == null) {
                throw new InvalidInputException(
                        "environmentId", "must be given: the environment whose runs feed the release");
            }
            LocalDate date = null;
            if (releaseDate != null) {
                try {
                    date = LocalDate.parse(releaseDate);
                } catch (DateTimeParseException e) {
                    throw new InvalidInputException("releaseDate", "a date as 2026-12-31");
                }
            }
            ReleaseStatus parsed = status == null ? null : parse("status", status, ReleaseStatus.class);
            return new ReleaseService.Fields(
                    version.strip(),
                    name == null || name.isBlank() ? null : name.strip(),
                    environmentId,
                    date,
                    qaLeadId,
                    parsed);
        }
    }

    /** A change of a release's case by hand; a field not sent is left as it is. */
    record CaseChange(
            ExecutionStatus status,
            boolean commentSent,
            String comment,
            List<String> defects,
            boolean durationSent,
            Long durationMs) {}

    private static final Set<String> CASE_FIELDS = Set.of("status", "comment", "defects", "durationMs");

    static CaseChange caseChange(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("body", "a JSON object with status, comment, defects or durationMs");
        }
        for (String field : body.propertyNames()) {
            if (!CASE_FIELDS.contains(field)) {
                throw new InvalidInputException(field, "unknown field; send status, comment, defects or durationMs");
            }
        }
        ExecutionStatus status = null;
        if (body.has("status")) {
            status = parse("status", text(body.get("status"), "status"), ExecutionStatus.class);
        }
        String comment = null;
        if (body.has("comment") && !body.get("comment").isNull()) {
            comment = comment(text(body.get("comment"), "comment"));
        }
        List<String> defects = null;
        if (body.has("defects")) {
            defects = defects(body.get("defects"));
        }
        Long duration = null;
        if (body.has("durationMs") && !body.get("durationMs").isNull()) {
            JsonNode d = body.get("durationMs");
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0 || d.asLong() > MAX_DURATION_MS) {
                throw new InvalidInputException("durationMs", "whole milliseconds between 0 and " + MAX_DURATION_MS);
            }
            duration = d.asLong();
        }
        return new CaseChange(status, body.has("comment"), comment, defects, body.has("durationMs"), duration);
    }

    static String comment(String comment) {
        if (comment == null) {
            return null;
        }
        if (comment.length() > MAX_COMMENT) {
            throw new InvalidInputException("comment", "at most " + MAX_COMMENT + " characters");
        }
        return comment.isBlank() ? null : comment;
    }

    private static List<String> defects(JsonNode node) {
        if (node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidInputException("defects", "a list of JIRA keys such as CTP-1234");
        }
        if (node.size() > MAX_DEFECTS) {
            throw new InvalidInputException("defects", "at most " + MAX_DEFECTS + " keys");
        }
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode key = node.get(i);
            String value = key.isString() ? key.asString().strip() : null;
            if (value == null || !DEFECT_KEY.matcher(value).matches()) {
                throw new InvalidInputException(
                        "defects[" + i + "]", "not a JIRA key such as CTP-1234: " + abbreviate(String.valueOf(key)));
            }
            keys.add(value);
        }
        return List.copyOf(keys);
    }

    record ApprovalRequest(String status, String comment) {}

    record GateRequest(
            List<String> requiredRoles, Boolean noFailedOrBlocked, Integer minPassRate, Boolean allowNotStarted) {
        Gate checked() {
            List<ApprovalRole> roles = new ArrayList<>();
            if (requiredRoles != null) {
                if (requiredRoles.size() > ApprovalRole.values().length) {
                    throw new InvalidInputException(
                            "requiredRoles", "at most " + ApprovalRole.values().length + " roles");
                }
                for (int i = 0; i < requiredRoles.size(); i++) {
                    roles.add(parse("requiredRoles[" + i + "]", requiredRoles.get(i), ApprovalRole.class));
                }
            }
            if (minPassRate != null && (minPassRate < 0 || minPassRate > 100)) {
                throw new InvalidInputException("minPassRate", "a percentage between 0 and 100");
            }
            return new Gate(
                    roles,
                    noFailedOrBlocked == null || noFailedOrBlocked,
                    minPassRate,
                    allowNotStarted != null && allowNotStarted);
        }
    }

    /** An enum's value as a user writes it (case aside), or a refusal listing the values there are. */
    static <E extends Enum<E>> E parse(String field, String value, Class<E> type) {
        if (value == null) {
            throw new InvalidInputException(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    field,
                    "unknown value '" + abbreviate(value) + "'; one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static String text(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new InvalidInputException(field, "must be a string");
        }
        return node.asString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
