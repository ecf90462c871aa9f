/** A plain WAR that wires cookie-gate in through {@code WEB-INF/web.xml} only, run on Tomcat 10.1. */
package io.github.cookiegate.examples.webxml;
