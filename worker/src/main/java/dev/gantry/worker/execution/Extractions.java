package dev.gantry.worker.execution;

import dev.gantry.model.AssertionFailure;
import dev.gantry.model.Extraction;
import dev.gantry.model.ExtractionSource;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Takes a step's extractions from its answer into the work item's variables: the status, a
 * header, a JSONPath into the body, or a regular expression's first group (or whole match) on
 * the body. A value not found takes the extraction's default; with none, the step fails saying
 * what was not found, since the steps after it would render with a variable that has no value,
 * unless the extraction is optional: then the variable is unset, as a Postman script's
 * {@code pm.*.set(name, undefined)} leaves it, and never fails the step.
 */
final class Extractions {
    private Extractions() {}

    /** An extraction whose regular expression was stopped (identity, not content, tells it). */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String STOPPED = new String("stopped");

    /**
     * Extracts every value the step asks for into {@code into}, and adds a failure for each that
     * found nothing.
     *
     * @param document the body parsed as JSON, or null when it is not JSON (or no JSONPath needs it)
     */
    static void extract(
            CompiledCase step,
            HttpTransport.Answer response,
            Object document,
            Variables into,
            List<AssertionFailure> failures) {
        for (CompiledCase.CompiledExtraction x : step.extractions()) {
            String value =
                    switch (x.extraction().source()) {
                        case STATUS -> String.valueOf(response.status());
                        case HEADER ->
                            response.header(x.extraction().expression()).orElse(null);
                        case BODY -> {
                            Object found = ResponseChecks.read(x.path(), document);
                            yield found == ResponseChecks.MISSING || found == null ? null : ResponseChecks.text(found);
                        }
                        case REGEX -> regex(x, response.body(), failures);
                    };
            if (value == STOPPED) {
                continue; // said why in the failure; a default would hide it
            }
            if (value == null) {
                value = x.extraction().defaultValue();
            }
            if (value == null && x.extraction().optional()) {
                into.unset(x.extraction().name());
            } else if (value == null) {
                failures.add(new AssertionFailure(
                        "extract " + x.extraction().name() + " from " + from(x.extraction()),
                        "a value",
                        "nothing matched"));
            } else {
                into.extracted(x.extraction().name(), value);
            }
        }
    }

    private static String regex(CompiledCase.CompiledExtraction x, String body, List<AssertionFailure> failures) {
        Matcher matcher = BoundedRegex.matcher(x.pattern(), body);
        try {
            return !matcher.find() ? null : matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
        } catch (BoundedRegex.StoppedException e) {
            failures.add(new AssertionFailure(
                    "extract " + x.extraction().name() + " from regex "
                            + x.extraction().expression(),
                    "a value",
                    e.getMessage()));
            return STOPPED;
        }
    }

    /** Where the extraction looked, as its failure names it. */
    private static String from(Extraction extraction) {
        return extraction.source() == ExtractionSource.STATUS
                ? "status"
                : extraction.source().name().toLowerCase() + " " + extraction.expression();
    }
}
