package io.github.cookiegate.examples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A stand-in for a chat vendor on another site than the demo's: the demo is {@code localhost}, the
 * vendor {@code 127.0.0.1} (cookies ignore ports, so another port of localhost would be the same
 * site). Its {@code widget.js} behaves like a real widget loader: it writes a first-party visitor
 * id and a conversation-analytics id into {@code document.cookie} on the site's domain, calls the
 * vendor's API, whose answer sets a third-party cookie on the vendor's host, and draws the chat
 * box; {@code FakeChat.shutdown()} forgets the visitor, as vendors' shutdown calls do. The same
 * server answers on {@code 127.0.0.2} as an analytics host ({@code /pixel.gif}). It counts the
 * requests each host receives, so a test can tell whether the browser contacted it at all.
 */
public final class FakeVendor {

  /** The vendor's chat host: another site than the demo's localhost. */
  public static final String CHAT_HOST = "127.0.0.1";
  /** An analytics host the demo's pages call. */
  public static final String ANALYTICS_HOST = "127.0.0.2";

  private final Server server;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger analyticsRequests = new AtomicInteger();

  private final String widget;

  private FakeVendor(Server server, int widgetBytes) {
    this.server = server;
    StringBuilder padding = new StringBuilder();
    if (widgetBytes > WIDGET.length()) {
      // A vendor bundle's size without its content: comment lines the browser still downloads and parses.
      java.util.Random random = new java.util.Random(widgetBytes);
      padding.append("/*\n");
      while (WIDGET.length() + padding.length() + 80 < widgetBytes) {
        for (int i = 0; i < 76; i++) {
          padding.append((char) ('a' + random.nextInt(26)));
        }
        padding.append('\n');
      }
      padding.append("*/");
    }
    this.widget = WIDGET.replace("/*PADDING*/", padding);
  }

  /** Starts the vendor on 127.0.0.1 and the analytics host on 127.0.0.2, same port (any free port when 0). */
  public static FakeVendor start(int port) throws Exception {
    return start(port, 0);
  }

  /**
   * Starts the vendor as {@link #start(int)} does, its {@code widget.js} padded to about {@code
   * widgetBytes} (a real vendor's bundle is some hundreds of kilobytes).
   */
  public static FakeVendor start(int port, int widgetBytes) throws Exception {
    Server server = new Server();
    ServerConnector chat = new ServerConnector(server);
    chat.setHost(CHAT_HOST);
    chat.setPort(port);
    server.addConnector(chat);
    FakeVendor vendor = new FakeVendor(server, widgetBytes);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (ANALYTICS_HOST.equals(req.getLocalAddr())) {
          vendor.analyticsRequests.incrementAndGet();
          if (req.getRequestURI().equals("/gtag.js")) {
            res.setContentType("text/javascript;charset=UTF-8");
            res.getWriter().write(GTAG);
            return;
          }
          res.setContentType("image/gif");
          res.getOutputStream().write(PIXEL);
          return;
        }
        vendor.requests.incrementAndGet();
        res.setHeader("Access-Control-Allow-Origin", req.getHeader("Origin") == null ? "*" : req.getHeader("Origin"));
        res.setHeader("Access-Control-Allow-Credentials", "true");
        switch (req.getRequestURI()) {
          case "/widget.js" -> {
            res.setContentType("text/javascript;charset=UTF-8");
            res.getWriter().write(vendor.widget);
          }
          case "/api/ping" -> {
            // A third-party cookie: set on the vendor's host by a cross-site request, so
            // SameSite=None; Secure (browsers accept Secure from http://127.0.0.1, a local origin).
            res.addHeader("Set-Cookie", "fakechat_device=vendor-side; Path=/; Max-Age=31536000; SameSite=None; Secure");
            res.setContentType("application/json");
            res.getWriter().write("{\"ok\":true}");
          }
          case "/api/end" -> {
            res.addHeader("Set-Cookie", "fakechat_device=; Path=/; Max-Age=0; SameSite=None; Secure");
            res.setContentType("application/json");
            res.getWriter().write("{\"ok\":true}");
          }
          case "/frame.html" -> {
            res.setContentType("text/html;charset=UTF-8");
            res.getWriter().write("<!doctype html><p style=\"font:12px system-ui\">FakeChat help centre</p>");
          }
          default -> res.sendError(404);
        }
      }
    }), "/*");
    server.setHandler(context);
    server.start();
    // The analytics host: the same handler, on the same port of 127.0.0.2.
    ServerConnector analytics = new ServerConnector(server);
    analytics.setHost(ANALYTICS_HOST);
    analytics.setPort(chat.getLocalPort());
    server.addConnector(analytics);
    analytics.start();
    return vendor;
  }

  /** Returns the vendor's origin, such as {@code http://127.0.0.1:8081}. */
  public String origin() {
    return "http://" + CHAT_HOST + ":" + port();
  }

  /** Returns the analytics host's origin, such as {@code http://127.0.0.2:8081}. */
  public String analyticsOrigin() {
    return "http://" + ANALYTICS_HOST + ":" + port();
  }

  private int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** Returns how many requests the vendor's chat host has received. */
  public int requests() {
    return requests.get();
  }

  /** Returns how many requests the analytics host has received. */
  public int analyticsRequests() {
    return analyticsRequests.get();
  }

  public void stop() throws Exception {
    server.stop();
  }

  private static final byte[] PIXEL = java.util.Base64.getDecoder().decode("R0lGODlhAQABAAAAACH5BAEAAAAALAAAAAABAAEAAAIBAAA=");

  /**
   * A stand-in for Google's gtag.js, on the analytics host: it records the consent commands queued
   * in {@code window.dataLayer} before it ran ({@code window.fakeGtagSaw}), and those queued after.
   */
  private static final String GTAG = """
      (function () {
        function plain(entry) {
          return entry && typeof entry === 'object' && typeof entry.length === 'number'
              ? Array.prototype.slice.call(entry) : entry;
        }
        var dl = window.dataLayer = window.dataLayer || [];
        window.fakeGtagSaw = dl.map(plain);
        window.fakeGtagLater = [];
        var push = dl.push;
        dl.push = function (entry) {
          window.fakeGtagLater.push(plain(entry));
          return push.apply(dl, arguments);
        };
      })();
      """;

  /**
   * The widget. {@code widget.js?api=<vendor>} exposes the global JavaScript API of that vendor
   * ({@code intercom}, the default, {@code crisp}, {@code tawk}, {@code zendesk}, {@code hubspot},
   * {@code livechat}, {@code tidio}, {@code drift}, {@code brevo}, {@code freshchat},
   * {@code chatwoot}), the calls a page script makes to open or end a chat, and records every call
   * in {@code window.fakeVendorCalls} ("Intercom show", "$crisp do chat:open", ...). Opening shows
   * the chat panel; the vendor's shutdown forgets the visitor: its cookie on the site, its
   * storage key, its cookie on its own host, its box.
   */
  private static final String WIDGET = """
      (function () {
        var me = document.currentScript;
        var origin = new URL(me.src).origin;
        var api = new URL(me.src).searchParams.get('api') || 'intercom';
        var calls = window.fakeVendorCalls = window.fakeVendorCalls || [];
        var year = '; path=/; max-age=23328000';
        document.cookie = 'fakechat-id-demo=' + Math.random().toString(36).slice(2) + year; // chat
        document.cookie = '_ga_FAKECHAT=GS1.1.' + Date.now() + year; // conversation analytics
        var keys = { intercom: 'intercom.fake-session', crisp: 'crisp-client/session/fake', tawk: 'twk_token_fake',
          zendesk: 'ZD-fake', tidio: 'tidio_state_fake' };
        var key = keys[api] || 'fakechat.session';
        try { localStorage.setItem(key, 'visitor-42'); } catch (e) {}
        fetch(origin + '/api/ping', { credentials: 'include', mode: 'cors' }).catch(function () {});
        var box = document.createElement('div');
        box.id = 'fakechat-widget';
        box.setAttribute('role', 'dialog');
        box.setAttribute('aria-label', 'FakeChat');
        box.setAttribute('data-open', 'false');
        box.textContent = 'FakeChat';
        box.style.cssText = 'position:fixed;right:1rem;bottom:1rem;padding:.75rem 1rem;background:#14532d;color:#fff;'
            + 'border-radius:1.5rem;font:600 14px system-ui;z-index:2147483001';
        document.body.appendChild(box);
        function open() {
          box.setAttribute('data-open', 'true');
          box.textContent = 'FakeChat: hello, how can we help with your lamp?';
          box.style.borderRadius = '.75rem';
          box.style.width = '20rem';
          box.style.minHeight = '12rem';
        }
        function shutdown() {
          document.cookie = 'fakechat-id-demo=; path=/; max-age=0';
          try { localStorage.removeItem(key); } catch (e) {}
          box.remove();
          return fetch(origin + '/api/end', { credentials: 'include', mode: 'cors' });
        }
        function record(what) { calls.push(what); }
        window.FakeChat = { open: open, shutdown: shutdown, api: api };
        switch (api) {
          case 'intercom':
            window.Intercom = function (command) {
              record('Intercom ' + command);
              if (command === 'show') open();
              if (command === 'shutdown') shutdown();
            };
            break;
          case 'crisp':
            window.$crisp = { push: function (c) {
              record('$crisp ' + c.join(' '));
              if (c[1] === 'chat:open') open();
              if (c[1] === 'session:reset') shutdown();
            } };
            break;
          case 'tawk':
            window.Tawk_API = { maximize: function () { record('Tawk_API maximize'); open(); },
              endChat: function () { record('Tawk_API endChat'); shutdown(); } };
            break;
          case 'zendesk':
            window.zE = function (widget, command) {
              record('zE ' + widget + ' ' + command);
              if (command === 'open') open();
              if (command === 'logoutUser') shutdown();
            };
            break;
          case 'hubspot':
            window.HubSpotConversations = {
              widget: { open: function () { record('HubSpotConversations widget.open'); open(); } },
              clear: function (o) { record('HubSpotConversations clear ' + JSON.stringify(o)); shutdown(); }
            };
            break;
          case 'livechat':
            window.LiveChatWidget = { call: function (m) {
              record('LiveChatWidget ' + m);
              if (m === 'maximize') open();
              if (m === 'destroy') shutdown();
            } };
            break;
          case 'tidio':
            window.tidioChatApi = { open: function () { record('tidioChatApi open'); open(); } };
            break;
          case 'drift':
            window.drift = { api: { openChat: function () { record('drift api.openChat'); open(); } },
              reset: function () { record('drift reset'); shutdown(); } };
            break;
          case 'brevo':
            window.BrevoConversations = function (m, a) { record('BrevoConversations ' + m + ' ' + a); if (m === 'openChat') open(); };
            break;
          case 'freshchat':
            window.fcWidget = { open: function () { record('fcWidget open'); open(); },
              user: { clear: function () { record('fcWidget user.clear'); } },
              destroy: function () { record('fcWidget destroy'); shutdown(); } };
            break;
          case 'chatwoot':
            window.$chatwoot = { hasLoaded: true,
              toggle: function (s) { record('$chatwoot toggle ' + s); if (s === 'open') open(); },
              reset: function () { record('$chatwoot reset'); shutdown(); } };
            break;
        }
        /*PADDING*/
      })();
      """;
}
