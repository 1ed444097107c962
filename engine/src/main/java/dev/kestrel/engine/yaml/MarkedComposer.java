package dev.kestrel.engine.yaml;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Composes YAML documents with SnakeYAML while remembering the last event it read, so that a bound
 * SnakeYAML enforces without saying where (nesting depth, aliases of collections) is reported at the
 * node or alias that crosses it, in a sentence. Also keeps where each alias is, for
 * {@link AliasExpansion}. Stateless and thread-safe.
 */
public final class MarkedComposer {

    /** The documents of a text, and the start of every alias in it, in the order they are written. */
    public record Composed(List<Node> documents, List<Mark> aliases) {
    }

    private MarkedComposer() {
    }

    /**
     * Every document of {@code text} as a node tree, bounded by {@code options}.
     *
     * @throws MarkedYAMLException for invalid YAML and for a bound crossed, with the place and a sentence
     * @throws ReaderException for a character YAML does not allow
     */
    public static Composed composeAll(String text, LoaderOptions options) {
        RememberingParser parser = new RememberingParser(new ParserImpl(new StreamReader(new StringReader(text)), options));
        Composer composer = new Composer(parser, new Resolver(), options);
        List<Node> documents = new ArrayList<>();
        try {
            while (composer.checkNode()) {
                Node doc = composer.getNode();
                if (doc != null) {
                    documents.add(doc);
                }
            }
        } catch (MarkedYAMLException | ReaderException e) {
            throw e;
        } catch (YAMLException e) {
            throw new BoundCrossed(parser.last == null ? null : parser.last.getStartMark(), sentence(e, parser.last, options));
        }
        return new Composed(documents, List.copyOf(parser.aliases));
    }

    /** What went wrong, in words: the bound crossed by {@code last}, or SnakeYAML's first line for anything else. */
    private static String sentence(YAMLException e, Event last, LoaderOptions options) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (last instanceof AliasEvent) {
            return "this alias is one too many: a file may use at most " + options.getMaxAliasesForCollections()
                    + " aliases of lists or mappings (a bound against alias bombs)";
        }
        if (message.startsWith("Nesting Depth")) {
            return "the YAML is nested deeper than " + options.getNestingDepthLimit() + " levels here";
        }
        int nl = message.indexOf('\n');
        return message.isBlank() ? "invalid YAML" : nl < 0 ? message : message.substring(0, nl);
    }

    /** A bound crossed, at the place of the event that crossed it. */
    private static final class BoundCrossed extends MarkedYAMLException {
        private static final long serialVersionUID = 1L;

        BoundCrossed(Mark at, String problem) {
            super(null, null, problem, at);
        }
    }

    /** A parser that remembers the last event handed to the composer, and where each alias is. */
    private static final class RememberingParser implements Parser {
        private final Parser parser;
        private final List<Mark> aliases = new ArrayList<>();
        private Event last;

        RememberingParser(Parser parser) {
            this.parser = parser;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            remember(parser.peekEvent());
            return parser.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return remember(parser.peekEvent());
        }

        @Override
        public Event getEvent() {
            Event e = remember(parser.getEvent());
            if (e instanceof AliasEvent) {
                aliases.add(e.getStartMark());
            }
            return e;
        }

        private Event remember(Event e) {
            if (e != null) {
                last = e;
            }
            return e;
        }
    }
}
