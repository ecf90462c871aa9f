package io.github.cookiegate.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * The request as the application sees it: creating or changing the session reconciles the cookie
 * the container adds past every response wrapper, and {@code startAsync()} hands the gated
 * response to the {@link AsyncContext}, so async work is gated too.
 */
final class GatedRequest extends HttpServletRequestWrapper {

  private final RequestState state;
  /** The gated response the filter passed on with this request. */
  private final GatedResponse response;
  private volatile GatedAsyncContext asyncContext;

  GatedRequest(HttpServletRequest request, RequestState state, GatedResponse response) {
    super(request);
    this.state = state;
    this.response = response;
  }

  RequestState state() {
    return state;
  }

  @Override
  public HttpSession getSession(boolean create) {
    HttpSession session = super.getSession(create);
    if (create) {
      reconcile();
    }
    return session;
  }

  @Override
  public HttpSession getSession() {
    HttpSession session = super.getSession();
    reconcile();
    return session;
  }

  @Override
  public String changeSessionId() {
    String id = super.changeSessionId();
    reconcile();
    return id;
  }

  private void reconcile() {
    response.reconcile();
  }

  @Override
  public AsyncContext startAsync() {
    return remember(super.startAsync(this, response), response);
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
    ServletResponse gated = response;
    if (response instanceof HttpServletResponse http && !GatedResponse.isGated(response)) {
      gated = new GatedResponse(http, state);
    }
    return remember(super.startAsync(request, gated), this.response);
  }

  private AsyncContext remember(AsyncContext ac, GatedResponse r) {
    GatedAsyncContext wrapped = new GatedAsyncContext(ac, r);
    asyncContext = wrapped;
    return wrapped;
  }

  @Override
  public AsyncContext getAsyncContext() {
    GatedAsyncContext ac = asyncContext;
    return ac != null ? ac : super.getAsyncContext();
  }
}
