package dev.tandem.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** One HTTP/1.1 response with a Content-Length, read off the connection and no further. */
record RawAnswer(int status, String head, String body) {

  static RawAnswer read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before the response ended: " + head);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    RawAnswer partial = new RawAnswer(Integer.parseInt(text.substring(9, 12)), text, "");
    int length = Integer.parseInt(partial.header("content-length"));
    return new RawAnswer(
        partial.status(), text, new String(in.readNBytes(length), StandardCharsets.UTF_8));
  }

  String header(String name) {
    return head.lines()
        .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(name + ":"))
        .map(line -> line.substring(name.length() + 1).strip())
        .findFirst()
        .orElse(null);
  }
}
