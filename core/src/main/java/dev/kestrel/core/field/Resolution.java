package dev.kestrel.core.field;

/**
 * What {@link FieldCatalogue#resolve} made of a field as written: the resolved reference, or a
 * sentence saying why it could not be resolved (unknown name or unacceptable argument) with the
 * nearest known name when there is one.
 */
public sealed interface Resolution {

    /** The resolved field, or null when resolution failed. */
    FieldRef ref();

    /** The reason resolution failed, or null when it succeeded. */
    String message();

    default boolean found() {
        return ref() != null;
    }

    /** A field the catalogue knows, with an acceptable argument. */
    record Found(FieldRef ref) implements Resolution {
        @Override
        public String message() {
            return null;
        }
    }

    /**
     * A field that does not resolve: {@code message} is a sentence for the user, such as
     * "unknown field 'proc.nme' (did you mean proc.name?)"; {@code suggestion} is the nearest
     * field name, or null.
     */
    record Unknown(String message, String suggestion) implements Resolution {
        @Override
        public FieldRef ref() {
            return null;
        }
    }
}
