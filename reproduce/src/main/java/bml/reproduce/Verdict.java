package bml.reproduce;

import java.util.List;

/**
 * A claim rule's verdict with the sentence it tests, the rule's text, the numbers it rests on and why it came out
 * this way.
 *
 * @param quote   the paper's sentence the rule tests
 * @param numbers one {@code "what = value"} line per number the rule read
 */
public record Verdict(String claim, String title, Outcome outcome, String quote, String rule, List<String> numbers,
                      String reason) {
    public Verdict {
        numbers = List.copyOf(numbers);
    }
}
