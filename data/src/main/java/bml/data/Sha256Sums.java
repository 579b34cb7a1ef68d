package bml.data;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a {@code SHA256SUMS} file in {@code sha256sum} format: one {@code <64 hex digits>  <file name>} per line
 * ({@code " *"} before the name, binary mode, is accepted too).
 *
 * <p>Why: the embedded dataset's checksums live in the standard format next to the files, so the same list serves
 * {@code sha256sum -c} and the loader.
 */
final class Sha256Sums {
    private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](.+)");

    private Sha256Sums() {}

    /**
     * The expected digest of each file, in file order.
     *
     * @param name the sums file's name, for error messages
     * @throws DatasetException naming the sums file and line when a line is malformed or a file is listed twice
     */
    static Map<String, String> parse(String name, byte[] content) {
        Map<String, String> sums = new LinkedHashMap<>();
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(lines[i]);
            if (!m.matches()) {
                throw new DatasetException(name + ":" + (i + 1) + ": expected '<64 hex digits>  <file name>', got '"
                        + lines[i] + "'");
            }
            if (sums.put(m.group(2), m.group(1)) != null) {
                throw new DatasetException(name + ":" + (i + 1) + ": " + m.group(2) + " is listed twice");
            }
        }
        return sums;
    }
}
