package io.github.cookiegate.examples.boot;

import io.github.cookiegate.servlet.ChatActivation;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The chat backend. The page's chat button activates the chat ({@code POST /cookie-gate/activate},
 * done by gate.js); then {@code /chat/start} opens a conversation and sets its cookie, which the gate
 * lets through only once the chat is activated; {@code /chat/end} ends it: the activation marker and
 * every chat cookie the browser sent are expired in the response.
 */
@RestController
class ChatController {

  /** The conversation cookie (category chat, from {@code cookie-gate.cookies.chat}). */
  static final String CONVERSATION_COOKIE = "chat_conversation";

  @PostMapping("/chat/start")
  ResponseEntity<String> start(HttpServletRequest request, HttpServletResponse response) {
    Cookie conversation = new Cookie(CONVERSATION_COOKIE, UUID.randomUUID().toString());
    conversation.setPath("/");
    conversation.setHttpOnly(true);
    response.addCookie(conversation); // dropped by the gate unless the chat is activated
    return ResponseEntity.ok(ChatActivation.isActive(request) ? "chat open" : "click the chat button first");
  }

  @PostMapping("/chat/end")
  ResponseEntity<String> end(HttpServletRequest request) {
    ChatActivation.end(request);
    return ResponseEntity.ok("conversation ended; chat cookies expired");
  }
}
