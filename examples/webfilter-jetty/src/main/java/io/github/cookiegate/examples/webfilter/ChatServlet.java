package io.github.cookiegate.examples.webfilter;

import io.github.cookiegate.servlet.ChatActivation;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The chat backend: {@code POST /chat/start} opens a conversation, {@code POST /chat/end} ends it.
 *
 * <p>Starting is the user's own request for the chat, so it activates the chat (CNIL: a cookie
 * stored only when the user activates the chat is strictly necessary) before setting the
 * conversation cookie. Ending expires the chat cookies the browser sent.
 */
@WebServlet(name = "chat", urlPatterns = {"/chat/start", "/chat/end"})
public class ChatServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** The conversation cookie ({@link ChatCookieGate} {@code cookies.chat}). */
  public static final String CONVERSATION_COOKIE = "support-chat-conversation";

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    res.setContentType("text/plain;charset=UTF-8");
    switch (req.getServletPath()) {
      case "/chat/start" -> {
        ChatActivation.activate(req);
        Cookie conversation = new Cookie(CONVERSATION_COOKIE, "c-42");
        conversation.setPath("/");
        conversation.setMaxAge(60 * 60 * 24 * 30); // capped by chat-max-age
        res.addCookie(conversation);
        res.getWriter().write("chat open");
      }
      case "/chat/end" -> {
        ChatActivation.end(req);
        res.getWriter().write("conversation ended; chat cookies expired");
      }
      default -> res.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
  }
}
