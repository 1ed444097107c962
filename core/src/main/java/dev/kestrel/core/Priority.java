package dev.kestrel.core;

import java.util.Locale;

/** Falco's rule priorities; a lower ordinal is more severe. */
public enum Priority {
    EMERGENCY("Emergency"), ALERT("Alert"), CRITICAL("Critical"), ERROR("Error"),
    WARNING("Warning"), NOTICE("Notice"), INFORMATIONAL("Informational"), DEBUG("Debug");

    private final String display;

    Priority(String display) {
        this.display = display;
    }

    /** The name Falco prints in alerts, e.g. {@code Warning}. */
    public String display() {
        return display;
    }

    /** True if this priority is at least as severe as {@code minimum}. */
    public boolean atLeast(Priority minimum) {
        return ordinal() <= minimum.ordinal();
    }

    /**
     * Parses every spelling Falco accepts, case-insensitively ({@code info} is informational);
     * returns null for anything else.
     */
    public static Priority parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("info")) {
            return INFORMATIONAL;
        }
        for (Priority p : values()) {
            if (p.name().toLowerCase(Locale.ROOT).equals(t)) {
                return p;
            }
        }
        return null;
    }
}
