package dev.gantry.controlplane.specs;

/**
 * One thing wrong with a document.
 *
 * @param location a JSON pointer ({@code /paths/~1pets/get}), {@code line L, column C} for syntax
 *                 errors, or the parser's attribute path; null when the whole document is to blame
 */
public record SpecProblem(String location, String message) {
    @Override
    public String toString() {
        return location == null ? message : location + ": " + message;
    }
}
