package dev.kestrel.outputs;

import dev.kestrel.engine.config.ConfigContext;
import dev.kestrel.engine.config.ConfigNode;
import dev.kestrel.engine.config.ConfiguredOutput;
import dev.kestrel.engine.config.OutputSectionProvider;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads falcosidekick's {@code slack} section: {@code webhookurl}, {@code channel}, {@code username},
 * {@code icon} (or {@code iconurl}), {@code footer}, {@code minimumpriority}, {@code outputformat}
 * ({@code all}, {@code text}, {@code fields}) and {@code messageformat}, plus Kestrel's
 * {@code delivery} limits. An empty {@code webhookurl} turns the output off. Stateless.
 */
public final class SlackOutputProvider implements OutputSectionProvider {

    private static final Set<String> KEYS = Set.of("webhookurl", "channel", "username", "icon", "iconurl", "footer",
            "minimumpriority", "outputformat", "messageformat", "delivery");

    @Override
    public String section() {
        return "slack";
    }

    @Override
    public ConfiguredOutput read(ConfigNode s, ConfigContext context) {
        s.checkKeys(KEYS, Set.of());
        URI url = s.url("webhookurl");
        String channel = s.string("channel", "");
        String username = s.string("username", "Kestrel");
        String icon = s.string("icon", s.string("iconurl", ""));
        String footer = s.string("footer", "");
        var minimum = s.minimumPriority("minimumpriority");
        SlackOutput.Format format = SlackOutput.Format.valueOf(
                s.choice("outputformat", "all", List.of("all", "text", "fields")).toUpperCase(Locale.ROOT));
        String messageFormat = s.string("messageformat", "");
        MessageTemplate template = null;
        if (!messageFormat.isEmpty()) {
            try {
                template = MessageTemplate.parse(messageFormat);
            } catch (IllegalArgumentException e) {
                s.error("messageformat", "'slack.messageformat': " + e.getMessage());
            }
        }
        DeliveryLimits limits = DeliveryLimits.read(s, DeliveryLimits.DEFAULTS);
        if (url == null) {
            return null;
        }
        SlackOutput.Settings settings = new SlackOutput.Settings(url, channel, username, icon, footer, minimum, format,
                template, context.customFields(), limits);
        Map<String, String> d = new LinkedHashMap<>();
        d.put("webhookurl", SectionReading.shown(url, true));
        d.put("channel", channel.isEmpty() ? "(the webhook's)" : channel);
        d.put("username", username);
        d.put("outputformat", format.name().toLowerCase(Locale.ROOT));
        d.put("messageformat", messageFormat.isEmpty() ? "(none)" : messageFormat);
        d.put("minimumpriority", minimum.name().toLowerCase(Locale.ROOT));
        d.put("delivery", limits.describe());
        return new ReadyOutput("slack", d, c -> new SlackOutput(settings));
    }
}
