/**
 * The Jakarta Servlet adapter: {@code io.github.cookiegate.servlet} (the filter, chat activation)
 * and {@code io.github.cookiegate.servlet.html} (the streaming HTML rewriter). Its internal packages
 * are not exported. The servlet API is the container's: a module that uses the filter reads it too.
 */
module io.github.cookiegate.servlet {
  requires transitive io.github.cookiegate;
  requires transitive jakarta.servlet;
  requires com.github.benmanes.caffeine; // the page cache (html-cache)

  exports io.github.cookiegate.servlet;
  exports io.github.cookiegate.servlet.html;
}
