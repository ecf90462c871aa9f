package io.github.cookiegate.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The output stream and writer the application writes the body through: they count what passes,
 * so that the gate's pre-commit step runs before the container's buffer fills (or the declared
 * content length is reached) and commits, and they run it on {@code flush} and {@code close}.
 */
final class CommitStreams {

  private CommitStreams() {}

  /** Counts bytes so that the gate runs before the container's buffer fills and commits. */
  static final class Output extends ServletOutputStream {
    /** The container's stream, to tell whether the application still writes to the same one. */
    final ServletOutputStream container;
    private final ServletOutputStream delegate;
    private final GatedResponse response;
    private long written;

    Output(GatedResponse response, ServletOutputStream container, ServletOutputStream delegate) {
      this.response = response;
      this.container = container;
      this.delegate = delegate;
    }

    @Override
    public void write(int b) throws IOException {
      response.beforeWrite(written, 1, 1);
      written++;
      delegate.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      response.beforeWrite(written, len, 1);
      written += len;
      delegate.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      response.beforeCommit();
      delegate.flush();
    }

    @Override
    public void close() throws IOException {
      response.beforeCommit();
      delegate.close();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      delegate.setWriteListener(listener);
    }
  }

  /** Counts characters (up to 4 bytes each) so that the gate runs before the buffer fills. */
  static final class Writer extends PrintWriter {
    /** The container's writer, to tell whether the application still writes to the same one. */
    final PrintWriter container;
    private final PrintWriter delegate;
    private final GatedResponse response;
    private long written;

    Writer(GatedResponse response, PrintWriter container, PrintWriter delegate) {
      super(delegate);
      this.response = response;
      this.container = container;
      this.delegate = delegate;
    }

    @Override
    public void write(int c) {
      response.beforeWrite(written, 1, 4);
      written++;
      delegate.write(c);
    }

    @Override
    public void write(char[] buf, int off, int len) {
      response.beforeWrite(written, len, 4);
      written += len;
      delegate.write(buf, off, len);
    }

    @Override
    public void write(String s, int off, int len) {
      response.beforeWrite(written, len, 4);
      written += len;
      delegate.write(s, off, len);
    }

    @Override
    public void flush() {
      response.beforeCommit();
      delegate.flush();
    }

    @Override
    public void close() {
      response.beforeCommit();
      delegate.close();
    }

    @Override
    public boolean checkError() {
      return delegate.checkError();
    }
  }
}
