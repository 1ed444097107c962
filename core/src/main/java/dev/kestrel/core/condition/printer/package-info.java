/**
 * Prints a condition tree back as canonical condition text or as JSON; printing then parsing gives
 * the same tree.
 */
package dev.kestrel.core.condition.printer;
