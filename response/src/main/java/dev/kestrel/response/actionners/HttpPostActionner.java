package dev.kestrel.response.actionners;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.engine.output.AlertJson;
import dev.kestrel.response.ActionOutcome;
import dev.kestrel.response.ActionParameters;
import dev.kestrel.response.ActionRequest;
import dev.kestrel.response.Actionner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * {@code http:post}: posts the alert as Falco's JSON to {@code url} (http or https) with any
 * {@code headers}; a 2xx answer is success, anything else a failure naming the status. Uses the JDK
 * HttpClient shared by the responder. Stateless.
 */
public final class HttpPostActionner implements Actionner {

    static final String URL = "url";
    static final String HEADERS = "headers";

    @Override
    public String name() {
        return "http:post";
    }

    @Override
    public Set<String> parameterNames() {
        return Set.of(URL, HEADERS);
    }

    @Override
    public void checkParameters(ActionParameters p) {
        uri(p);
        p.stringMap(HEADERS);
    }

    private static URI uri(ActionParameters p) {
        String url = p.string(URL, null);
        if (url == null || url.isBlank()) {
            throw new ActionParameters.InvalidParameterException(URL, "parameter 'url' is required");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new ActionParameters.InvalidParameterException(URL, "parameter 'url' is not a URL: '" + url + "'");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new ActionParameters.InvalidParameterException(URL, "parameter 'url' must be an http:// or https:// URL, was '"
                    + url + "'");
        }
        return uri;
    }

    @Override
    public String target(Alert alert, ActionParameters parameters) {
        return "POST " + uri(parameters) + " for '" + alert.rule() + "'";
    }

    @Override
    public String describe(ActionRequest request) {
        return "would post the alert to " + uri(request.parameters());
    }

    @Override
    public ActionOutcome run(ActionRequest request) throws IOException, InterruptedException {
        URI uri = uri(request.parameters());
        HttpClient client = request.environment().shared(HttpClient.class,
                () -> HttpClient.newBuilder().connectTimeout(request.environment().callTimeout()).build());
        HttpRequest.Builder post = HttpRequest.newBuilder(uri).timeout(request.environment().callTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(AlertJson.toJson(request.alert()), StandardCharsets.UTF_8));
        request.parameters().stringMap(HEADERS).forEach(post::header);
        HttpResponse<Void> response;
        try {
            response = client.send(post.build(), HttpResponse.BodyHandlers.discarding());
        } catch (HttpTimeoutException e) {
            throw new IOException("no answer from " + uri + " within " + request.environment().callTimeout().toMillis() + " ms", e);
        } catch (IOException e) {
            throw new IOException("cannot post to " + uri + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException(uri + " answered HTTP " + response.statusCode());
        }
        return ActionOutcome.done("posted the alert to " + uri + " (HTTP " + response.statusCode() + ")", Map.of("url", uri.toString()));
    }
}
