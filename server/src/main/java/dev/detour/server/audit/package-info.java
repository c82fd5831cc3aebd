/**
 * The audit log: one JSON line per call and per request refused at the door, with no arguments,
 * results or secrets unless configured.
 */
package dev.detour.server.audit;
