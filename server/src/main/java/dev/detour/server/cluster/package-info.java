/**
 * Several Detour replicas as one Vert.x cluster (Hazelcast cluster manager, TCP/IP join): the
 * {@code cluster:} section of {@code detour.yaml}, the clustered Vert.x it starts, and the health
 * verdicts the replicas share over the event bus.
 */
package dev.detour.server.cluster;
