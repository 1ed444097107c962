/**
 * Fields a condition or output can name: types, descriptors, the catalogue, and the
 * {@link dev.kestrel.core.field.FieldClass} SPI through which a host adds its own.
 */
package dev.kestrel.core.field;
