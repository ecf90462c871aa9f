package io.github.cookiegate.scan;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP for the scanner: no redirects followed (each hop is a page), one deadline per request
 * covering headers and body, and a body cut at a byte limit, so a hostile site can neither hang
 * nor exhaust the scan. Bodies are read only when they are HTML.
 */
final class Fetcher {

  /** What came back; {@code body} is null when the response was not HTML. */
  record Fetched(int status, String contentType, Map<String, List<String>> headers, String body, long bytes,
      boolean truncated) {}

  private final HttpClient client;
  private final Duration timeout;
  private final long maxBytes;

  Fetcher(Duration timeout, long maxBytes) {
    this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    this.timeout = timeout;
    this.maxBytes = maxBytes;
  }

  /**
   * Sends the request; throws {@link java.io.IOException} (a timeout included) when no answer came in time.
   */
  Fetched send(HttpRequest.Builder request) throws java.io.IOException, InterruptedException {
    HttpRequest r = request.timeout(timeout).header("User-Agent", "cookie-gate-scan/0.1").build();
    AtomicReference<Bounded> body = new AtomicReference<>();
    CompletableFuture<HttpResponse<Bounded>> f = client.sendAsync(r, info -> {
      String type = info.headers().firstValue("content-type").orElse("");
      Bounded b = new Bounded(isHtml(type) ? maxBytes : 0);
      body.set(b);
      return b;
    });
    try {
      HttpResponse<Bounded> res = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Bounded b = res.body();
      String type = res.headers().firstValue("content-type").orElse("");
      String text = isHtml(type) ? new String(b.bytes(), charset(type)) : null;
      return new Fetched(res.statusCode(), type, res.headers().map(), text, b.count, b.truncated);
    } catch (TimeoutException e) {
      f.cancel(true);
      Bounded b = body.get();
      if (b != null) {
        b.cancel();
      }
      throw new java.net.http.HttpTimeoutException("no complete answer within " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof java.io.IOException io ? io : new java.io.IOException(String.valueOf(c), c);
    }
  }

  static boolean isHtml(String contentType) {
    String t = contentType.toLowerCase(Locale.ROOT);
    return t.startsWith("text/html") || t.startsWith("application/xhtml+xml");
  }

  static Charset charset(String contentType) {
    int i = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
    if (i >= 0) {
      String name = contentType.substring(i + 8).split("[;\\s]")[0].replace("\"", "");
      try {
        return Charset.forName(name);
      } catch (IllegalArgumentException e) {
        // an unknown charset: read as UTF-8
      }
    }
    return StandardCharsets.UTF_8;
  }

  /** Keeps at most {@code limit} bytes, then cancels the rest of the body. */
  static final class Bounded implements HttpResponse.BodySubscriber<Bounded> {
    private final long limit;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<Bounded> done = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    long count;
    boolean truncated;

    Bounded(long limit) {
      this.limit = limit;
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    void cancel() {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }

    @Override
    public CompletionStage<Bounded> getBody() {
      return done;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (limit == 0) {
        s.cancel(); // not HTML: the body is not needed
        done.complete(this);
        return;
      }
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (done.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        int take = (int) Math.min(b.remaining(), limit - count);
        byte[] chunk = new byte[take];
        b.get(chunk);
        out.write(chunk, 0, take);
        count += take;
        if (b.hasRemaining()) {
          truncated = true; // bytes past the limit were dropped
        }
      }
      if (count >= limit) {
        truncated = true; // the limit is reached: the rest is not read
        subscription.cancel();
        done.complete(this);
      }
    }

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      done.complete(this);
    }
  }

  static HttpRequest.Builder get(URI uri) {
    return HttpRequest.newBuilder(uri).GET().header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1");
  }
}
