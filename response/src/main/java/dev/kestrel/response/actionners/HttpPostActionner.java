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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code http:post}: posts the alert as Falco's JSON to {@code url} (http or https) with any
 * {@code headers}; a 2xx answer is success, anything else a failure naming the status. The answer's
 * body is not read. The whole call, from connecting to the status, takes at most the call timeout, then
 * it is cancelled and is a failure. Uses the JDK HttpClient shared by the responder. Stateless.
 */
public final class HttpPostActionner implements Actionner {

    static final String URL = "url";

    /**
     * Takes the status and headers and cancels the body at once: only the status is needed, and a body
     * that never ends must not hold the call.
     */
    static final HttpResponse.BodyHandler<Void> STATUS_ONLY = info -> new HttpResponse.BodySubscriber<>() {
        @Override
        public CompletionStage<Void> getBody() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            // cancelled: nothing is read
        }

        @Override
        public void onError(Throwable throwable) {
            // the status is already known
        }

        @Override
        public void onComplete() {
            // nothing to finish
        }
    };
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
        Duration timeout = request.environment().callTimeout();
        CompletableFuture<HttpResponse<Void>> call = client.sendAsync(post.build(), STATUS_ONLY);
        HttpResponse<Void> response;
        try {
            response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new IOException("no answer from " + uri + " within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw new IOException("no answer from " + uri + " within " + timeout.toMillis() + " ms", cause);
            }
            throw new IOException("cannot post to " + uri + ": " + (cause.getMessage() == null
                    ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException(uri + " answered HTTP " + response.statusCode());
        }
        return ActionOutcome.done("posted the alert to " + uri + " (HTTP " + response.statusCode() + ")", Map.of("url", uri.toString()));
    }
}
