package dev.gantry.controlplane.specs;

import java.util.List;

/**
 * A document that cannot be imported at all (not JSON/YAML, too large or deep, an alias bomb, a
 * reference to another document, a cycle of references, not an OpenAPI/Swagger document). Answers 422
 * with every reason and where it was found; nothing is stored.
 */
public class SpecRejectedException extends RuntimeException {
    private final List<SpecProblem> problems;

    public SpecRejectedException(List<SpecProblem> problems) {
        super(problems.stream()
                .map(SpecProblem::toString)
                .reduce((a, b) -> a + "; " + b)
                .orElse("rejected"));
        this.problems = List.copyOf(problems);
    }

    public SpecRejectedException(String location, String message) {
        this(List.of(new SpecProblem(location, message)));
    }

    public List<SpecProblem> problems() {
        return problems;
    }
}
