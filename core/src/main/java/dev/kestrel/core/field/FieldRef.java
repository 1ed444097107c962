package dev.kestrel.core.field;

/**
 * A field as resolved by the catalogue: its descriptor and its argument (the bracket text, or the
 * dotted suffix for {@code evt.arg.NAME}-style fields), or null.
 */
public record FieldRef(FieldDescriptor descriptor, String argument) {
    /** The field as written in a condition. */
    public String text() {
        if (argument == null) {
            return descriptor.name();
        }
        boolean dotted = descriptor.argument() == ArgumentForm.NAME_SUFFIX
                || (descriptor.argument() == ArgumentForm.NAME_OR_INDEX && !argument.chars().allMatch(Character::isDigit));
        return dotted
                ? descriptor.name() + "." + argument
                : descriptor.name() + "[" + argument + "]";
    }
}
