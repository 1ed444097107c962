package dev.kestrel.engine.compiler;

import java.util.ArrayList;
import java.util.List;

/**
 * getopt(3) over an argument list, as libsinsp's {@code getopt} transformer reads it. An optstring
 * lists option characters, a {@code :} after one means it takes a value, a leading {@code :} is
 * ignored. Stateless.
 */
final class GetoptScan {
    private GetoptScan() {
    }

    /**
     * Without a selector ({@code selector == 0}): every option and value in order, {@code ?} for an
     * unknown option and an empty value for a missing one. With a selector: only the values (or the name,
     * for an option without value) of that option, in order.
     */
    static List<String> scan(List<String> argv, String optstring, char selector) {
        boolean[] valid = new boolean[256];
        boolean[] takesValue = new boolean[256];
        int start = optstring.startsWith(":") ? 1 : 0;
        for (int i = start; i < optstring.length(); i++) {
            char c = optstring.charAt(i);
            if (c == ':' || c > 255) {
                continue;
            }
            valid[c] = true;
            if (i + 1 < optstring.length() && optstring.charAt(i + 1) == ':') {
                takesValue[c] = true;
                i++;
            }
        }
        boolean select = selector != 0;
        List<String> out = new ArrayList<>();
        for (int a = 0; a < argv.size(); a++) {
            String arg = argv.get(a);
            if (arg.equals("--")) {
                break;
            }
            if (arg.length() > 2 && arg.startsWith("--")) {
                continue;
            }
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                break;
            }
            for (int i = 1; i < arg.length(); i++) {
                char opt = arg.charAt(i);
                if (opt == ':' || opt > 255 || !valid[opt]) {
                    if (!select) {
                        out.add("?");
                    }
                    continue;
                }
                boolean match = !select || opt == selector;
                String name = String.valueOf(opt);
                if (!takesValue[opt]) {
                    if (match) {
                        out.add(name);
                    }
                    continue;
                }
                String value;
                if (i + 1 < arg.length()) {
                    value = arg.substring(i + 1);
                } else if (a + 1 < argv.size()) {
                    value = argv.get(++a);
                } else {
                    value = null;
                }
                if (match) {
                    if (select) {
                        out.add(value == null ? "" : value);
                    } else {
                        out.add(value == null ? "" : name);
                        if (value != null) {
                            out.add(value);
                        }
                    }
                }
                break;
            }
        }
        return out;
    }
}
