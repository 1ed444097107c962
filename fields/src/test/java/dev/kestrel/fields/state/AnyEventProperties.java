package dev.kestrel.fields.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventParam;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.ParamKind;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.field.FieldDescriptor;
import dev.kestrel.core.field.FieldRef;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any event type with any parameter values updates the state, and every field reads it without throwing:
 * the same answer when asked twice, {@code <NA>} when it has no value, and the thread table within its bound.
 */
class AnyEventProperties {

    private static final FieldCatalogue CATALOGUE = FieldCatalogue.load(AnyEventProperties.class.getClassLoader());

    record Spec(EventType type, long tid, long ret, long number, String text) {
    }

    @Provide
    Arbitrary<List<Spec>> events() {
        Arbitrary<EventType> types = Arbitraries.of(EventType.values())
                .filter(t -> !t.internal());
        Arbitrary<String> texts = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12),
                Arbitraries.of("/etc/shadow", "../x", "10.0.0.1:1->10.0.0.2:2", "O_RDONLY|O_CLOEXEC", "CLONE_THREAD",
                        "AF_INET", "", "->", "[::1]:80->[::2]:443"));
        return Combinators.combine(types, Arbitraries.longs().between(1, 8), Arbitraries.longs().between(-5, 12),
                Arbitraries.longs().between(-200, 200), texts).as(Spec::new).list().ofMaxSize(60);
    }

    @Property(tries = 150)
    void anyEventIsAppliedAndRead(@ForAll("events") List<Spec> specs) {
        SystemState state = SystemState.create(StateLimits.DEFAULTS.withMaxThreads(6).withMaxFdsPerProcess(4));
        List<FieldAccessor> accessors = new ArrayList<>();
        for (FieldDescriptor d : CATALOGUE.descriptors()) {
            String arg = switch (d.argument()) {
                case NONE -> null;
                case INDEX_OPTIONAL, INDEX_REQUIRED, NAME_OR_INDEX -> "1";
                case NAME_SUFFIX -> d.name().equals("evt.type.is") ? "open" : "fd";
                default -> "app";
            };
            try {
                accessors.add(CATALOGUE.binder().bind(new FieldRef(d, arg)));
            } catch (Exception e) {
                throw new AssertionError(d.name() + ": " + e.getMessage(), e);
            }
        }
        Event e = new Event();
        long ts = 1;
        for (Spec s : specs) {
            e.reset(s.type(), ts += 1_000_000_000L, s.tid(), s.tid(), s.ret());
            for (EventParam p : s.type().params()) {
                if ((p.slot() + s.number()) % 2 == 0) {
                    e.setNumber(p.slot(), s.number());
                } else if (p.kind() == ParamKind.LIST) {
                    e.setList(p.slot(), List.of(s.text()));
                } else {
                    e.setText(p.slot(), s.text());
                }
            }
            StateContext ctx = state.apply(e);
            for (FieldAccessor a : accessors) {
                // A read is pure: asked twice, a field answers the same; with no value it prints <NA>.
                boolean present = a.present(ctx);
                StringBuilder first = new StringBuilder();
                a.appendText(ctx, first);
                StringBuilder second = new StringBuilder();
                a.appendText(ctx, second);
                assertThat(second.toString()).as("%s read twice on %s", a.field().text(), e).isEqualTo(first.toString());
                assertThat(a.present(ctx)).as("%s present twice on %s", a.field().text(), e).isEqualTo(present);
                if (!present) {
                    assertThat(first.toString()).as("%s without a value on %s", a.field().text(), e).isEqualTo("<NA>");
                }
            }
            assertThat(state.threads().threadCount()).isLessThanOrEqualTo(6);
        }
    }
}
