package dev.kestrel.engine.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.field.FieldCatalogue;
import org.junit.jupiter.api.Test;

/** Output tokens against the real field catalogue. */
class CatalogueFieldsTest {

    private final FieldCatalogue catalogue = FieldCatalogue.load(getClass().getClassLoader());
    private final CatalogueFields fields = new CatalogueFields(catalogue, catalogue.binder());

    @Test
    void resolvesTheFieldsOfFalcoOutputs() throws Exception {
        OutputFormat f = OutputFormat.compile("file=%fd.name gparent=%proc.aname[2] flags=%evt.arg.flags x=%proc.name_x "
                + "ns=%k8s.ns.name label=%k8s.pod.label[app]", fields);
        assertThat(f.fieldNames()).containsExactly("fd.name", "proc.aname[2]", "evt.arg.flags", "proc.name",
                "k8s.ns.name", "k8s.pod.label[app]");
    }

    @Test
    void aKnownFieldWithABadArgumentIsAnError() {
        assertThatThrownBy(() -> OutputFormat.compile("%proc.aname[x]", fields))
                .isInstanceOf(OutputFormatException.class).hasMessageContaining("needs an index from 0 to");
        assertThatThrownBy(() -> OutputFormat.compile("%proc.nme", fields))
                .isInstanceOf(OutputFormatException.class).hasMessage("unknown field in output: 'proc.nme' (did you mean proc.name?)");
    }
}
