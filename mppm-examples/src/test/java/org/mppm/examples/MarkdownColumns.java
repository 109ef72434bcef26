package org.mppm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks on what a command writes: one number format per table column, files readable like any new file. */
public final class MarkdownColumns {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.(\\d+))?(e[+-]\\d+)?");

    private MarkdownColumns() {}

    /**
     * Every column of every table in {@code file} formats its numbers one way: the same number of
     * decimals, all or none in scientific notation (text cells, "-", "NaN" and empty cells aside).
     */
    public static void assertOneFormatPerColumn(Path file) throws IOException {
        List<List<String[]>> tables = new ArrayList<>();
        List<String[]> current = null;
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("|")) {
                if (current == null) {
                    current = new ArrayList<>();
                    tables.add(current);
                }
                current.add(line.substring(1, line.length() - (line.endsWith("|") ? 1 : 0)).split("\\|", -1));
            } else {
                current = null;
            }
        }
        assertTrue(!tables.isEmpty(), "no table in " + file);
        for (List<String[]> table : tables) {
            String[] header = table.get(0);
            Map<Integer, String> formats = new HashMap<>();
            for (String[] row : table.subList(2, table.size())) {
                for (int c = 0; c < row.length; c++) {
                    Matcher m = NUMBER.matcher(row[c].strip());
                    if (!m.matches()) {
                        continue;
                    }
                    String format = (m.group(1) == null ? 0 : m.group(1).length()) + " decimals" + (m.group(2) != null ? ", e" : "");
                    String seen = formats.putIfAbsent(c, format);
                    String column = c < header.length ? header[c].strip() : "#" + c;
                    assertEquals(seen == null ? format : seen, format, file + ": column '" + column + "' mixes formats, cell '"
                            + row[c].strip() + "'");
                }
            }
        }
    }

    /** {@code file} has the permissions a plain new file gets in its folder (not owner-only). */
    public static void assertReadableLikeANewFile(Path file) throws IOException {
        Path plain = Files.writeString(file.resolveSibling(".mode-probe"), "");
        try {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file), file.toString());
            assertTrue(Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_READ));
        } finally {
            Files.delete(plain);
        }
    }
}
