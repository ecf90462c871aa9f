package io.github.cookiegate.docs;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles Java snippets of the documentation against the test class path, in one compiler run,
 * each snippet in a package of its own so that class names may repeat between snippets.
 *
 * <ul>
 *   <li>A snippet that starts with {@code import} or {@code package} is a compilation unit: it is
 *       compiled as shown (its package line replaced), followed by the declarations of its
 *       {@code <!-- snippet: -->} comment as further top-level types.
 *   <li>Any other snippet is a fragment, compiled inside a class with {@link #IMPORTS}: as members
 *       of that class when its first line is an annotation, else as the statements of a method.
 *       The declarations of its comment become members of that class.
 * </ul>
 */
final class SnippetCompiler {

  /** What a fragment may name without importing it. */
  static final List<String> IMPORTS = List.of(
      "io.github.cookiegate.*", "io.github.cookiegate.servlet.*", "io.github.cookiegate.test.*",
      "jakarta.servlet.*", "jakarta.servlet.http.*", "jakarta.servlet.annotation.*",
      "org.eclipse.jetty.ee10.servlet.*", "org.eclipse.jetty.server.*",
      "org.springframework.context.annotation.*", "org.springframework.web.bind.annotation.*",
      "java.util.*", "java.time.*", "java.net.*", "java.nio.file.*");

  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "(?m)^public\\s+(?:final\\s+|abstract\\s+|sealed\\s+)*(?:class|interface|record|enum|@interface)\\s+(\\w+)");
  private static final Pattern UNIT = Pattern.compile("\\A\\s*(import|package)\\s", Pattern.MULTILINE);

  /** One compiler error, located in the page. */
  record Problem(String where, String message) {
    @Override
    public String toString() {
      return where + ": " + message;
    }
  }

  private SnippetCompiler() {}

  static List<Problem> compile(List<Markdown.Block> blocks) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      sources.add(new Source(blocks.get(i), "snippets.s" + i));
    }
    Path out;
    try {
      out = Files.createTempDirectory("doc-snippets");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      List<String> options = List.of("-proc:none", "-Xlint:none", "-nowarn", "-d", out.toString(),
          "-classpath", classPath(), "--release", "17");
      boolean ok = javac.getTask(null, files, diagnostics, options, null, sources).call();
      List<Problem> problems = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        if (d.getKind() != Diagnostic.Kind.ERROR) {
          continue;
        }
        Source source = d.getSource() instanceof Source s ? s : null;
        String where = source == null ? "?" : source.where(d.getLineNumber());
        problems.add(new Problem(where, d.getMessage(Locale.ROOT)
            + (source == null ? "" : "\n    in: " + source.line(d.getLineNumber()))));
      }
      if (!ok && problems.isEmpty()) {
        problems.add(new Problem("?", "javac failed without an error message"));
      }
      return problems;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Surefire hands the forked JVM a manifest-only jar: the real test class path is this property. */
  private static String classPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path", "");
  }

  /** A snippet as a source file, with the line of the page each of its lines came from. */
  private static final class Source extends SimpleJavaFileObject {
    private final Markdown.Block block;
    private final String code;
    /** Lines added before the snippet's first line. */
    private final int offset;

    Source(Markdown.Block block, String pkg) {
      super(URI.create("string:///" + pkg.replace('.', '/') + "/" + fileName(block.text()) + ".java"), Kind.SOURCE);
      this.block = block;
      String text = block.text();
      StringBuilder code = new StringBuilder();
      code.append("package ").append(pkg).append(";\n");
      if (UNIT.matcher(text).find()) {
        // As shown: only the package line is ours.
        String body = text.replaceFirst("(?m)^\\s*package\\s+[\\w.]+\\s*;", "");
        this.offset = 1;
        code.append(body).append('\n').append(block.context()).append('\n');
      } else {
        for (String imp : IMPORTS) {
          code.append("import ").append(imp).append(";\n");
        }
        boolean members = text.stripLeading().startsWith("@");
        code.append("@SuppressWarnings(\"all\") abstract class Snippet").append(" { ")
            .append(block.context()).append('\n');
        if (!members) {
          code.append("void snippet() throws Exception {\n");
        }
        this.offset = IMPORTS.size() + 2 + (members ? 0 : 1);
        code.append(text).append(members ? "\n}\n" : "\n}\n}\n");
      }
      this.code = code.toString();
    }

    /** A public top-level type names its file, as javac requires. */
    private static String fileName(String text) {
      java.util.regex.Matcher m = PUBLIC_TYPE.matcher(text);
      return m.find() ? m.group(1) : "Snippet";
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }

    String where(long line) {
      long inSnippet = line - offset;
      long pageLine = block.line() + Math.max(1, inSnippet);
      return Markdown.root().relativize(block.page()) + ":" + pageLine + " (```java block at line " + block.line() + ")";
    }

    String line(long line) {
      String[] lines = code.split("\n", -1);
      return line >= 1 && line <= lines.length ? lines[(int) line - 1].strip() : "";
    }
  }

  static String describe(List<Problem> problems) {
    StringBuilder sb = new StringBuilder();
    for (Problem p : problems) {
      sb.append("\n  ").append(p);
    }
    sb.append("\n\nA ```java block must compile against the project's classes. A fragment that uses a name it does")
        .append(" not declare gets it from an HTML comment on the line above the fence, for example")
        .append(" <!-- snippet: ServletContextHandler context; -->; pseudo-code goes in a ```text block.")
        .append(" Class path: ").append(classPath().split(File.pathSeparator).length).append(" entries.");
    return sb.toString();
  }
}
