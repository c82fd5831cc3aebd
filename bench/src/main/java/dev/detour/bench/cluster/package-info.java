/**
 * The cluster benchmark of bench/README.md ("Health across a cluster"): how long one member's health
 * verdict takes to reach the others, and what clustering adds to a call (issue 16).
 */
package dev.detour.bench.cluster;
