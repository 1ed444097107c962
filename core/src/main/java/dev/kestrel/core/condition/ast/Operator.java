package dev.kestrel.core.condition.ast;

/** Comparison operators of the condition language, with their spelling. */
public enum Operator {
    EQ("="), EQEQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="),
    CONTAINS("contains"), ICONTAINS("icontains"), BCONTAINS("bcontains"),
    STARTSWITH("startswith"), BSTARTSWITH("bstartswith"), ENDSWITH("endswith"),
    GLOB("glob"), IGLOB("iglob"), REGEX("regex"),
    IN("in"), INTERSECTS("intersects"), PMATCH("pmatch");

    private final String text;

    Operator(String text) {
        this.text = text;
    }

    /** The operator as written in a condition. */
    public String text() {
        return text;
    }

    /** True for {@code in}, {@code intersects} and {@code pmatch}, which take a list. */
    public boolean takesList() {
        return this == IN || this == INTERSECTS || this == PMATCH;
    }

    /** True for {@code <}, {@code <=}, {@code >} and {@code >=}, which take a number. */
    public boolean takesNumber() {
        return this == LT || this == LE || this == GT || this == GE;
    }

    /** The operator spelled {@code text}, or null. */
    public static Operator fromText(String text) {
        for (Operator op : values()) {
            if (op.text.equals(text)) {
                return op;
            }
        }
        return null;
    }
}
