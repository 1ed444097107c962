/**
 * Kestrel's JSON Lines event format: the decoder and an event source reading a file. Lines that
 * cannot be used are counted with a reason, never thrown.
 */
package dev.kestrel.core.event.jsonl;
