package io.github.cookiegate.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends bytes a well-behaved client will not (invalid UTF-8 in a header) over a plain socket, with
 * {@code Connection: close}, and reads the whole response.
 */
final class RawHttp {

  /** A response as read off the wire: status, header lines, body (not de-chunked). */
  record Response(int status, List<String[]> headers, String body) {

    List<String> all(String name) {
      return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).toList();
    }
  }

  private RawHttp() {}

  static Response send(int port, byte[] request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      ByteArrayOutputStream read = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) >= 0; ) {
          read.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        // A container that keeps the connection open despite Connection: close: use what arrived.
      }
      return parse(read.toString(StandardCharsets.ISO_8859_1));
    }
  }

  /** Builds a GET with these header lines (ISO-8859-1 strings, so each char is one byte). */
  static byte[] get(String path, String... headerLines) {
    StringBuilder sb = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String h : headerLines) {
      sb.append(h).append("\r\n");
    }
    sb.append("Connection: close\r\n\r\n");
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static Response parse(String raw) {
    int end = raw.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new AssertionError("no complete response head: " + raw);
    }
    String[] lines = raw.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    List<String[]> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.add(new String[] {lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip()});
    }
    return new Response(status, headers, raw.substring(end + 4));
  }
}
