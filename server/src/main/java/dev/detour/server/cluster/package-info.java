/**
 * Several Detour replicas as one Vert.x cluster (Hazelcast cluster manager, TCP/IP join or Kubernetes
 * discovery): the {@code cluster:} section of {@code detour.yaml}, the clustered Vert.x it starts, the
 * health verdicts the replicas share over the event bus (with coordinated recovery trials), and the
 * escalation decisions they share in a cluster-wide map.
 */
package dev.detour.server.cluster;
