package dev.detour.router.graph;

/** The three shapes of tool graph Detour executes (DESIGN.md, "Core concepts"). */
public enum Topology {
    /** One path from start to goal; alternatives are parallel branches between the same vertices. */
    LINEAR,
    /** Fork regions whose branches are single steps (with alternatives), joined once. */
    FANOUT,
    /** Fork regions with multi-step or nested branches: a step waits for all its prerequisites. */
    DAG
}
