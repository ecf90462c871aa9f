/**
 * Internal, no compatibility promise: text helpers written once for every module of the library:
 * {@link io.github.cookiegate.internal.text.Text#printable} for logs, messages and events, {@link
 * io.github.cookiegate.internal.text.Text#jsonString} for every JSON the library writes, and the
 * bounded {@link io.github.cookiegate.internal.text.Json} reader.
 */
package io.github.cookiegate.internal.text;
