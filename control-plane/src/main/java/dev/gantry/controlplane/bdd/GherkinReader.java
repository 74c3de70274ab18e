package dev.gantry.controlplane.bdd;

import dev.gantry.controlplane.common.FieldViolation;
import dev.gantry.controlplane.common.InvalidInputException;
import io.cucumber.gherkin.GherkinParser;
import io.cucumber.messages.types.Envelope;
import io.cucumber.messages.types.Feature;
import io.cucumber.messages.types.GherkinDocument;
import io.cucumber.messages.types.ParseError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a feature file with Cucumber's own parser (io.cucumber:gherkin), bounded in size before it is
 * parsed; a syntax error answers 400 on {@code content} naming its line and column, as Cucumber says it.
 */
final class GherkinReader {
    private static final int MAX_ERRORS = 10;

    private GherkinReader() {}

    static Feature read(String field, String content, int maxBytes) {
        if (content == null || content.isBlank()) {
            throw new InvalidInputException(field, "must not be blank");
        }
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw new InvalidInputException(
                    field,
                    "a feature file of " + bytes.length + " bytes; at most " + maxBytes
                            + " (gantry.bdd.max-feature-bytes)");
        }
        GherkinParser parser = GherkinParser.builder()
                .includeSource(false)
                .includePickles(false)
                .includeGherkinDocument(true)
                .build();
        List<FieldViolation> errors = new ArrayList<>();
        Optional<GherkinDocument> document = Optional.empty();
        for (Envelope envelope : parser.parse("feature", bytes).toList()) {
            Optional<ParseError> error = envelope.getParseError();
            if (error.isPresent() && errors.size() < MAX_ERRORS) {
                errors.add(new FieldViolation(field, describe(error.get())));
            }
            if (envelope.getGherkinDocument().isPresent()) {
                document = envelope.getGherkinDocument();
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return document.flatMap(GherkinDocument::getFeature)
                .orElseThrow(() -> new InvalidInputException(field, "holds no Feature"));
    }

    private static String describe(ParseError error) {
        String message = error.getMessage();
        // Cucumber's message starts "(line:column): "; say it in words too
        return error.getSource()
                .getLocation()
                .map(l -> "line " + l.getLine() + ", column " + l.getColumn().orElse(0) + ": "
                        + message.replaceFirst("^\\(\\d+:\\d+\\):\\s*", ""))
                .orElse(message);
    }
}
