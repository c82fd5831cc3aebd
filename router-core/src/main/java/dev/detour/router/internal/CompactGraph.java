package dev.detour.router.internal;

import dev.detour.router.graph.Fork;
import dev.detour.router.graph.Step;
import dev.detour.router.graph.ToolGraph;
import dev.detour.router.graph.Transition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routing form of a {@link ToolGraph}: vertices are ints in declaration order, edges are in
 * CSR arrays (declaration order per source, which is what makes tie-breaking stable), and every
 * vertex knows its tool, its scope (0 outside fork regions, one id per branch) and, for forks,
 * its join and branch scopes. Immutable.
 */
public final class CompactGraph {

    /** The scope outside every fork region. */
    public static final int TOP_SCOPE = 0;

    final String[] ids;
    final Map<String, Integer> index;
    final int[] edgeStart;
    final int[] edgeTarget;
    final double[] edgeCost;
    final int[] vertexTool;
    final String[] toolNames;
    final Map<String, Integer> toolIndex;
    final int[] scope;
    final String[] scopeNames;
    final int[] joinOf;
    final int[][] forkScopes;
    /** Per branch scope: the fork it starts at (-1 for the top scope) and that fork's edges into it. */
    final int[] branchFork;
    final int[] branchEdgeStart;
    final int[] branchEdgeEnd;

    /** The number {@code numbers} holds for {@code key}, which the validated graph guarantees. */
    private static int indexOf(Map<String, Integer> numbers, String key) {
        Integer n = numbers.get(key);
        if (n == null) {
            throw new IllegalStateException("'" + key + "' is not in the compiled graph");
        }
        return n;
    }

    private CompactGraph(ToolGraph graph) {
        int n = graph.steps().size();
        ids = new String[n];
        index = new HashMap<>(n * 2);
        int i = 0;
        for (String id : graph.steps().keySet()) {
            ids[i] = id;
            index.put(id, i++);
        }
        edgeStart = new int[n + 1];
        for (Transition t : graph.transitions()) {
            edgeStart[indexOf(index, t.from()) + 1]++;
        }
        for (int v = 0; v < n; v++) {
            edgeStart[v + 1] += edgeStart[v];
        }
        int m = graph.transitions().size();
        edgeTarget = new int[m];
        edgeCost = new double[m];
        int[] fill = new int[n];
        for (Transition t : graph.transitions()) {
            int from = indexOf(index, t.from());
            int slot = edgeStart[from] + fill[from]++;
            edgeTarget[slot] = indexOf(index, t.to());
            edgeCost[slot] = t.baseCost();
        }
        Map<String, Integer> tools = new LinkedHashMap<>();
        vertexTool = new int[n];
        Map<String, Integer> scopes = new LinkedHashMap<>();
        List<String> scopeList = new ArrayList<>();
        scopeList.add("");
        for (Fork f : graph.forks().values()) {
            for (String b : f.branches()) {
                scopes.put(b, scopeList.size());
                scopeList.add(b);
            }
        }
        scopeNames = scopeList.toArray(String[]::new);
        scope = new int[n];
        joinOf = new int[n];
        forkScopes = new int[n][];
        for (int v = 0; v < n; v++) {
            Step s = graph.step(ids[v]).orElseThrow();
            vertexTool[v] = s.invokesTool() ? tools.computeIfAbsent(s.invokedTool(), k -> tools.size()) : -1;
            scope[v] = s.branch() == null ? TOP_SCOPE : indexOf(scopes, s.branch());
            joinOf[v] = -1;
        }
        for (Fork f : graph.forks().values()) {
            int fv = indexOf(index, f.fork());
            joinOf[fv] = indexOf(index, f.join());
            forkScopes[fv] = f.branches().stream().mapToInt(scopes::get).toArray();
        }
        branchFork = new int[scopeNames.length];
        branchEdgeStart = new int[scopeNames.length];
        branchEdgeEnd = new int[scopeNames.length];
        Arrays.fill(branchFork, -1);
        for (int v = 0; v < n; v++) {
            if (joinOf[v] >= 0) {
                groupEdgesByScope(v);
            }
        }
        toolNames = tools.keySet().toArray(String[]::new);
        toolIndex = new HashMap<>(tools);
    }

    /**
     * Orders a fork's edges by the branch they lead into (stable, so declaration order holds within
     * a branch) and records each branch's range: routing one branch then reads only its own edges,
     * instead of every edge of the fork, which made wide fan-outs quadratic.
     */
    private void groupEdgesByScope(int fork) {
        int from = edgeStart[fork];
        int to = edgeStart[fork + 1];
        Integer[] order = new Integer[to - from];
        for (int e = from; e < to; e++) {
            order[e - from] = e;
        }
        Arrays.sort(order, Comparator.comparingInt(e -> scope[edgeTarget[e]]));
        int[] targets = new int[order.length];
        double[] costs = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            targets[i] = edgeTarget[order[i]];
            costs[i] = edgeCost[order[i]];
        }
        System.arraycopy(targets, 0, edgeTarget, from, targets.length);
        System.arraycopy(costs, 0, edgeCost, from, costs.length);
        for (int e = from; e < to; e++) {
            int s = scope[edgeTarget[e]];
            if (branchFork[s] != fork) {
                branchFork[s] = fork;
                branchEdgeStart[s] = e;
            }
            branchEdgeEnd[s] = e + 1;
        }
    }

    /** Compiles a graph. Called once per {@link ToolGraph}. */
    public static CompactGraph compile(ToolGraph graph) {
        return new CompactGraph(graph);
    }

    public int vertexCount() {
        return ids.length;
    }

    public int edgeCount() {
        return edgeTarget.length;
    }

    /** The vertex index of an id, or -1. */
    public int indexOf(String id) {
        Integer i = index.get(id);
        return i == null ? -1 : i;
    }

    public String id(int vertex) {
        return ids[vertex];
    }

    /** The graph-local tool index of a vertex, or -1 for a waypoint. */
    public int toolOf(int vertex) {
        return vertexTool[vertex];
    }

    /** Number of distinct tools. */
    public int toolCount() {
        return toolNames.length;
    }

    /** The graph-local index of a tool, or -1 when the graph does not use it. */
    public int toolIndex(String tool) {
        Integer t = toolIndex.get(tool);
        return t == null ? -1 : t;
    }

    public String toolName(int tool) {
        return toolNames[tool];
    }

    public int scopeOf(int vertex) {
        return scope[vertex];
    }

    /** The scope id of a branch name, or -1. */
    public int scopeOf(String branch) {
        for (int s = 1; s < scopeNames.length; s++) {
            if (scopeNames[s].equals(branch)) {
                return s;
            }
        }
        return -1;
    }

    public String scopeName(int scopeId) {
        return scopeNames[scopeId];
    }

    /** The join of a fork vertex, or -1 when the vertex is no fork. */
    public int joinOf(int vertex) {
        return joinOf[vertex];
    }

    /** The branch scopes of a fork vertex. */
    public int[] branchScopes(int forkVertex) {
        return forkScopes[forkVertex].clone();
    }
}
