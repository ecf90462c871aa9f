/** A crawler that checks a running site for cookies and trackers set before activation or consent. */
package io.github.cookiegate.scan;
