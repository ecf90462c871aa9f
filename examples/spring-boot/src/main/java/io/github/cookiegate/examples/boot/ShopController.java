package io.github.cookiegate.examples.boot;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The shop's page: what a chat vendor's SDK and an analytics tag would set on load, server side. */
@Controller
class ShopController {

  private final FakeVendor vendor;

  ShopController(FakeVendor vendor) {
    this.vendor = vendor;
  }

  @GetMapping("/")
  String page(HttpServletRequest request, HttpServletResponse response, Model model) {
    request.getSession(true); // necessary: the session cookie always passes
    Cookie visitor = new Cookie("fakechat-visitor", "v-3f2a9c1e");
    visitor.setPath("/");
    visitor.setMaxAge(23_328_000); // the vendor asks for 9 months; chat-max-age caps it
    response.addCookie(visitor); // chat: passes once the chat is activated
    response.addHeader("Set-Cookie", "_ga=GA1.1.123456789.1700000000; Path=/; Max-Age=63072000"); // analytics: consent
    model.addAttribute("vendorOrigin", vendor.origin());
    model.addAttribute("analyticsOrigin", vendor.analyticsOrigin());
    return "shop";
  }
}
