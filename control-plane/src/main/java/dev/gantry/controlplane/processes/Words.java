package dev.gantry.controlplane.processes;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Words of a task's name or an endpoint's operationId, summary or path, reduced to comparable stems:
 * camelCase, snake_case and kebab-case split, lower-cased, small words dropped, plural and common
 * suffixes stripped ("Reserve stock", {@code reserveStock} and {@code /reservations} all give
 * {@code reserv}; "shipping", "shipment" and "ship" give {@code ship}). A light stemmer of our own:
 * it only has to make a task's words meet an API's words, and must do so the same way every time.
 */
final class Words {
    private static final Set<String> STOP = Set.of(
            "a", "an", "the", "of", "for", "to", "and", "or", "in", "on", "with", "by", "it", "its", "from", "at", "as",
            "is", "be", "are", "this", "that", "their", "his", "her", "our", "your", "all", "every", "each", "api",
            "id", "ids", "v1", "v2", "v3", "v4", "into", "then", "not", "no", "if", "so", "any", "one");

    private Words() {}

    /** The stems of {@code text}'s words, in order, each once; at most {@code max} of them. */
    static List<String> stems(String text, int max) {
        Set<String> out = new LinkedHashSet<>();
        if (text == null) {
            return List.of();
        }
        for (String word : split(text)) {
            if (out.size() >= max) {
                break;
            }
            if (word.length() < 2 || STOP.contains(word) || word.chars().allMatch(Character::isDigit)) {
                continue;
            }
            out.add(stem(word));
        }
        return List.copyOf(out);
    }

    /** Splits on anything not a letter or digit and at camelCase humps; lower case. */
    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char previous = 0;
        int limit = Math.min(text.length(), 4_000);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                flush(word, words);
            } else {
                boolean hump = Character.isUpperCase(c)
                        && (Character.isLowerCase(previous)
                                || (Character.isUpperCase(previous)
                                        && i + 1 < limit
                                        && Character.isLowerCase(text.charAt(i + 1))));
                boolean digitEdge = previous != 0
                        && Character.isLetterOrDigit(previous)
                        && Character.isDigit(c) != Character.isDigit(previous);
                if (hump || digitEdge) {
                    flush(word, words);
                }
                word.append(Character.toLowerCase(c));
            }
            previous = c;
        }
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (!word.isEmpty()) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
            word.setLength(0);
        }
    }

    /** Plural and common suffixes off, a doubled last consonant and a final e dropped. */
    static String stem(String word) {
        String w = word;
        if (w.length() > 4 && w.endsWith("ies")) {
            w = w.substring(0, w.length() - 3) + "y";
        } else if (w.endsWith("sses")) {
            w = w.substring(0, w.length() - 2);
        } else if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) {
            w = w.substring(0, w.length() - 1);
        }
        for (String suffix : List.of("ation", "ment", "ing", "ed")) {
            if (w.endsWith(suffix) && w.length() - suffix.length() >= 3) {
                w = w.substring(0, w.length() - suffix.length());
                break;
            }
        }
        int n = w.length();
        if (n > 3
                && w.charAt(n - 1) == w.charAt(n - 2)
                && !isVowel(w.charAt(n - 1))
                && "sz".indexOf(w.charAt(n - 1)) < 0) {
            w = w.substring(0, n - 1);
        }
        if (w.length() > 3 && w.endsWith("e")) {
            w = w.substring(0, w.length() - 1);
        }
        return w;
    }

    private static boolean isVowel(char c) {
        return "aeiou".indexOf(c) >= 0;
    }
}
