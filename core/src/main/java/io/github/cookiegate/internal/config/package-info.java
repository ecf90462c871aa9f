/**
 * Internal, no compatibility promise: messages about configuration shared by the core's settings
 * and the Spring Boot starter, so that both name a problem in the same words.
 */
package io.github.cookiegate.internal.config;
