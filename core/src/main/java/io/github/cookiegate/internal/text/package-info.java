/**
 * Internal, no compatibility promise: text helpers written once for every module of the library:
 * {@link io.github.cookiegate.internal.text.Text#printable} for logs, messages and events, {@link
 * io.github.cookiegate.internal.text.Text#jsonString} for every JSON the library writes, the
 * bounded {@link io.github.cookiegate.internal.text.Json} reader, and {@link
 * io.github.cookiegate.internal.text.CookieNames}, the names read lately.
 */
package io.github.cookiegate.internal.text;
