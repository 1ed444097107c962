package dev.kestrel.bench.baseline;

import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldBindException;
import dev.kestrel.core.field.FieldBinder;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.field.Resolution;

/**
 * Resolves condition fields through Kestrel's field catalogue and a binder, so the baselines read
 * exactly the values Kestrel's compiled rules read.
 */
public final class CatalogueFields implements MvelTranslator.FieldResolver {
    private final FieldCatalogue catalogue;
    private final FieldBinder binder;

    public CatalogueFields(FieldCatalogue catalogue, FieldBinder binder) {
        this.catalogue = catalogue;
        this.binder = binder;
    }

    @Override
    public FieldAccessor resolve(Operand.Field field) throws UnsupportedConditionException {
        Resolution resolution = catalogue.resolve(field.name(), field.argument());
        if (resolution instanceof Resolution.Found found) {
            try {
                return binder.bind(found.ref());
            } catch (FieldBindException e) {
                throw new UnsupportedConditionException(e.getMessage());
            }
        }
        throw new UnsupportedConditionException(((Resolution.Unknown) resolution).message());
    }
}
