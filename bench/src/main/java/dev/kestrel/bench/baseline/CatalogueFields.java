package dev.kestrel.bench.baseline;

import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldBindException;
import dev.kestrel.core.field.FieldBinder;
import dev.kestrel.core.field.FieldCatalogue;

/**
 * Resolves condition fields through Kestrel's field catalogue and a binder (the engine's own
 * {@link dev.kestrel.engine.output.CatalogueFields}), so the baselines read exactly the values
 * Kestrel's compiled rules read.
 */
public final class CatalogueFields implements MvelTranslator.FieldResolver {
    private final dev.kestrel.engine.output.CatalogueFields engineFields;

    public CatalogueFields(FieldCatalogue catalogue, FieldBinder binder) {
        this.engineFields = new dev.kestrel.engine.output.CatalogueFields(catalogue, binder);
    }

    @Override
    public FieldAccessor resolve(Operand.Field field) throws UnsupportedConditionException {
        try {
            FieldAccessor found = engineFields.find(field.text());
            if (found == null) {
                throw new UnsupportedConditionException(engineFields.explain(field.text()));
            }
            return found;
        } catch (FieldBindException e) {
            throw new UnsupportedConditionException(e.getMessage());
        }
    }
}
