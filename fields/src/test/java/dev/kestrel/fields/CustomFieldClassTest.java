package dev.kestrel.fields;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.field.ArgumentForm;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldBindException;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.field.FieldClass;
import dev.kestrel.core.field.FieldDescriptor;
import dev.kestrel.core.field.FieldRef;
import dev.kestrel.core.field.FieldType;
import dev.kestrel.fields.state.StateContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The README's example: a host adds a {@code myapp.user} field without touching Kestrel. */
class CustomFieldClassTest {

    /** {@code myapp.user}: the application user, taken from the process's APP_USER variable. */
    public static final class MyAppFields implements FieldClass {
        private static final FieldDescriptor USER = new FieldDescriptor("myapp.user", FieldType.STRING,
                ArgumentForm.NONE, Set.of(), "application user from the APP_USER environment variable", true);

        @Override
        public String name() {
            return "myapp";
        }

        @Override
        public List<FieldDescriptor> fields() {
            return List.of(USER);
        }

        @Override
        public FieldAccessor bind(FieldRef ref) throws FieldBindException {
            return new FieldAccessor.OfString() {
                @Override
                public FieldRef field() {
                    return ref;
                }

                @Override
                public String get(EventContext ctx) {
                    if (!(ctx instanceof StateContext c) || c.process() == null) {
                        return null;
                    }
                    for (String e : c.process().env()) {
                        if (e.startsWith("APP_USER=")) {
                            return e.substring("APP_USER=".length());
                        }
                    }
                    return null;
                }
            };
        }
    }

    @Test
    void aHostFieldClassResolvesAndReads() throws Exception {
        List<FieldClass> classes = new ArrayList<>(FieldProbe.CATALOGUE.classes());
        classes.add(new MyAppFields());
        FieldCatalogue catalogue = FieldCatalogue.of(classes);
        FieldRef ref = catalogue.resolve("myapp.user", null).ref();
        FieldAccessor.OfString user = (FieldAccessor.OfString) catalogue.binder().bind(ref);

        EventScript s = new EventScript();
        s.snapshot(5, 1, "java", "/usr/bin/java", List.of(), null);
        s.apply(EventType.EXECVE, 5, 0, "filename", "/usr/bin/java", "args", List.of(),
                "env", List.of("APP_USER=alice", "HOME=/"));
        assertThat(user.get(s.open(5, "/x", "O_RDONLY", 3))).isEqualTo("alice");
        assertThat(catalogue.resolve("myapp.usr", null).message())
                .isEqualTo("unknown field 'myapp.usr' (did you mean myapp.user?)");
    }
}
