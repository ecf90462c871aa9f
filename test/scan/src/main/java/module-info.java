/** The scanner: a command-line tool ({@code io.github.cookiegate.scan.Main}); it exports nothing. */
module io.github.cookiegate.scan {
  requires io.github.cookiegate;
  requires java.net.http;
  requires java.logging;
  requires org.yaml.snakeyaml;
  requires org.seleniumhq.selenium.chrome_driver;
}
