/**
 * Response rules in Falco Talon's format acting on Kestrel's alerts: {@link dev.kestrel.response.Responder}
 * (an alert sink with its own bounded queue and worker), the {@link dev.kestrel.response.Actionner} SPI
 * and the records every action leaves ({@link dev.kestrel.response.ActionRecord}). docs/response.md
 * describes the format, the actionners, the RBAC they need and the safety rules.
 */
package dev.kestrel.response;
