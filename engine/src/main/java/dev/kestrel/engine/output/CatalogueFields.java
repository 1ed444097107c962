package dev.kestrel.engine.output;

import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldBindException;
import dev.kestrel.core.field.FieldBinder;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.field.Resolution;

/**
 * Resolves output fields through the field catalogue and binds them with a binder. A name the
 * catalogue does not know is "not a field" (the output compiler then tries a shorter prefix); a
 * known field with an unacceptable argument is an error.
 */
public final class CatalogueFields implements FieldLookup {

    private final FieldCatalogue catalogue;
    private final FieldBinder binder;

    public CatalogueFields(FieldCatalogue catalogue, FieldBinder binder) {
        this.catalogue = catalogue;
        this.binder = binder;
    }

    @Override
    public FieldAccessor find(String fieldText) throws FieldBindException {
        Resolution r = catalogue.resolve(fieldText);
        if (r.found()) {
            return binder.bind(r.ref());
        }
        int bracket = fieldText.indexOf('[');
        String name = bracket > 0 ? fieldText.substring(0, bracket) : fieldText;
        if (catalogue.descriptor(name) != null) {
            throw new FieldBindException(r.message());
        }
        return null;
    }

    @Override
    public String explain(String fieldText) {
        return catalogue.resolve(fieldText).message();
    }
}
