package dev.kestrel.cli;

import dev.kestrel.testkit.TestOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes rule test results as JUnit XML (one testsuite per test file), the form CI systems read. */
final class JUnitReport {

    /** The outcomes of one file, or the reason it could not run ({@code error} non-null). */
    record Suite(String file, List<TestOutcome> outcomes, String error) {
        static Suite broken(String file, String error) {
            return new Suite(file, List.of(), error);
        }
    }

    private JUnitReport() {
    }

    static void write(Path target, List<Suite> suites) throws IOException {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
        for (Suite s : suites) {
            long failures = s.outcomes().stream().filter(o -> !o.ok()).count();
            int tests = s.error() != null ? 1 : s.outcomes().size();
            x.append("  <testsuite name=\"").append(esc(s.file())).append("\" tests=\"").append(tests)
                    .append("\" failures=\"").append(failures).append("\" errors=\"").append(s.error() != null ? 1 : 0)
                    .append("\">\n");
            if (s.error() != null) {
                x.append("    <testcase classname=\"").append(esc(s.file())).append("\" name=\"(test file)\">\n")
                        .append("      <error message=\"the test file cannot be run\">").append(esc(s.error()))
                        .append("</error>\n    </testcase>\n");
            }
            for (TestOutcome o : s.outcomes()) {
                x.append("    <testcase classname=\"").append(esc(s.file())).append("\" name=\"").append(esc(o.name()))
                        .append('"');
                if (o.ok()) {
                    x.append("/>\n");
                } else {
                    String reasons = String.join("\n", o.problems());
                    x.append(">\n      <failure message=\"").append(esc(o.problems().isEmpty() ? "failed" : o.problems().get(0)))
                            .append("\">").append(esc(reasons)).append("</failure>\n    </testcase>\n");
                }
            }
            x.append("  </testsuite>\n");
        }
        x.append("</testsuites>\n");
        Files.writeString(target, x.toString(), StandardCharsets.UTF_8);
    }

    private static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\n', '\t' -> out.append(c);
                default -> {
                    if (c < 0x20) {
                        out.append(' ');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
