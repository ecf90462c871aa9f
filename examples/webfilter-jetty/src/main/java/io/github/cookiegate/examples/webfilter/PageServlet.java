package io.github.cookiegate.examples.webfilter;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The site's page, as a typical application writes it: a session, a chat visitor id and an audience
 * cookie set on load, the chat vendor's standard script tag, and a chat button.
 *
 * <p>cookie-gate lets only the session cookie through until the visitor clicks the button, holds
 * the vendor's script back in the page, and keeps the audience cookie until analytics consent.
 */
// the empty pattern maps the context root only
@WebServlet(name = "page", urlPatterns = "")
public class PageServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** A chat cookie ({@link ChatCookieGate} {@code cookies.chat}) that the chat wants from the first page view. */
  public static final String CHAT_VISITOR_COOKIE = "support-chat-visitor";

  /** An analytics cookie ({@link ChatCookieGate} {@code cookies.analytics}). */
  public static final String ANALYTICS_COOKIE = "site_stats";

  /** The chat vendor's script: its host is in the built-in catalog, so the page rewriter holds it. */
  public static final String VENDOR_SCRIPT = "https://widget.intercom.io/widget/example-app";

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    req.getSession(true); // JSESSIONID: necessary, always passes

    Cookie visitor = new Cookie(CHAT_VISITOR_COOKIE, "v-7d41");
    visitor.setPath("/");
    visitor.setMaxAge(60 * 60 * 24 * 180); // asks for 180 days; chat-max-age caps it at 2 hours
    res.addCookie(visitor);

    Cookie stats = new Cookie(ANALYTICS_COOKIE, "s-19ac");
    stats.setPath("/");
    stats.setMaxAge(60 * 60 * 24 * 390);
    res.addCookie(stats);

    res.setContentType("text/html;charset=UTF-8");
    res.getWriter().write(PAGE.replace("VENDOR_SCRIPT", VENDOR_SCRIPT));
  }

  private static final String PAGE = """
      <!doctype html>
      <html lang="en">
      <head><meta charset="utf-8"><title>cookie-gate example: @WebFilter on Jetty</title></head>
      <body>
      <h1>Shop with a chat</h1>
      <button id="chat" data-cookie-gate-activate>Chat with us</button>
      <button id="end">End conversation</button>
      <button id="consent">Accept analytics</button>
      <pre id="out"></pre>
      <script>
      const out = document.getElementById('out');
      const show = (m) => out.textContent = m + '\\ndocument.cookie: ' + document.cookie;
      // gate.js (added by the filter) POSTs the activation on click, restores the vendor's
      // script, then fires this event: open the conversation on our own backend.
      document.addEventListener('cookie-gate:activated', async () =>
        show(await (await fetch('chat/start', {method: 'POST'})).text()));
      document.getElementById('end').onclick = async () =>
        show(await (await fetch('chat/end', {method: 'POST'})).text());
      document.getElementById('consent').onclick = async () => {
        const r = await fetch('cookie-gate/consent', {method: 'POST', body: new URLSearchParams('categories=analytics')});
        show('consent: ' + r.status);
      };
      </script>
      <!-- the vendor's embed, pasted as the vendor documents it -->
      <script src="VENDOR_SCRIPT" async></script>
      </body>
      </html>
      """;
}
