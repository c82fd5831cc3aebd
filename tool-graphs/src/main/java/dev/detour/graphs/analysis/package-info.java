/**
 * Pre-deployment risk analysis: {@link dev.detour.graphs.analysis.GraphAnalyzer} tells, before
 * anything fails, how many tool failures each goal survives, its single points of failure, and
 * which dead ends the demotion ladder covers and which reach the escalation policy or escalation.
 */
@NullMarked
package dev.detour.graphs.analysis;

import org.jspecify.annotations.NullMarked;
