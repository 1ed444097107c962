package dev.kestrel.fields;

import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldBindException;
import dev.kestrel.core.field.FieldBinder;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.field.Resolution;

/** Binds fields by their written name and reads them as text (null when absent), for tests. */
public final class FieldProbe {

    public static final FieldCatalogue CATALOGUE = FieldCatalogue.load(FieldProbe.class.getClassLoader());

    private final FieldBinder binder;

    public FieldProbe(FieldBinder binder) {
        this.binder = binder;
    }

    public FieldProbe() {
        this(CATALOGUE.binder());
    }

    public FieldAccessor bind(String written) {
        Resolution r = CATALOGUE.resolve(written);
        if (!r.found()) {
            throw new IllegalArgumentException(r.message());
        }
        try {
            return binder.bind(r.ref());
        } catch (FieldBindException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The value as an output prints it, or null when the field has no value. */
    public String text(EventContext ctx, String written) {
        FieldAccessor a = bind(written);
        if (!a.present(ctx)) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        a.appendText(ctx, sb);
        return sb.toString();
    }

    /** For the any-ancestor and list fields: whether some value equals {@code value}. */
    public boolean anyEquals(EventContext ctx, String written, String value) {
        return ((FieldAccessor.OfStrings) bind(written)).anyMatch(ctx, value::equals);
    }
}
