/**
 * Priorities, shared by rules and alerts. Kestrel's core module: see the subpackages for the condition
 * language, the event model, fields, alerts and the SPIs.
 */
package dev.kestrel.core;
