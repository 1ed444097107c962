package dev.kestrel.core.event.jsonl;

import dev.kestrel.core.event.FlagTable;

/**
 * Checks the names in a flags text ({@code O_WRONLY|O_CREAT}) against a {@link FlagTable}, so a typo
 * is reported instead of read as "no flag". Numbers and signal names ({@code SIGCHLD}, which strace
 * shows among clone's flags) are let through. Stateless.
 */
final class FlagNames {

    private FlagNames() {
    }

    /** The first name {@code table} does not know in {@code text}, or null when all are known. */
    static String firstUnknown(FlagTable table, String text) {
        int start = 0;
        int n = text.length();
        while (start <= n) {
            int bar = text.indexOf('|', start);
            int end = bar < 0 ? n : bar;
            String name = text.substring(start, end).trim();
            if (!(name.isEmpty() || Character.isDigit(name.charAt(0)) || name.startsWith("SIG")
                    || table.parse(name) != 0 || name.equals(table.render(0)))) {
                return name;
            }
            if (bar < 0) {
                break;
            }
            start = bar + 1;
        }
        return null;
    }

    static boolean allKnown(FlagTable table, String text) {
        return firstUnknown(table, text) == null;
    }
}
