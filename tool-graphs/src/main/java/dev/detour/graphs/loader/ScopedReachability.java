package dev.detour.graphs.loader;

import dev.detour.graphs.loader.GraphFile.ForkSpec;
import dev.detour.graphs.loader.GraphFile.StepSpec;
import dev.detour.graphs.loader.GraphFile.TransitionSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which vertices can be reached from the start when some vertices cannot run, with router-core's
 * fork semantics: a join is reached only when <em>every</em> branch of its fork reaches it. Plain
 * graph reachability (JGraphT's) would treat branches as alternatives and miss that a step after
 * a join needs all of them.
 */
final class ScopedReachability {

    private final GraphFile file;
    private final Map<String, List<String>> out = new LinkedHashMap<>();
    private final Map<String, ForkSpec> forks = new LinkedHashMap<>();

    ScopedReachability(GraphFile file) {
        this.file = file;
        for (TransitionSpec t : file.transitions()) {
            out.computeIfAbsent(t.from().value(), k -> new ArrayList<>()).add(t.to().value());
        }
        for (ForkSpec f : file.forks()) {
            forks.put(f.fork().value(), f);
        }
    }

    /** Every vertex some execution can reach from the start without running a vertex in {@code blocked}. */
    Set<String> reachableAvoiding(Set<String> blocked) {
        Set<String> everywhere = new LinkedHashSet<>();
        NodeReader.Located start = file.start();
        if (start != null && !blocked.contains(start.value())) {
            reach(start.value(), null, blocked, everywhere);
        }
        return everywhere;
    }

    private Set<String> reach(String source, @Nullable String branch, Set<String> blocked, Set<String> everywhere) {
        Deque<String> queue = new ArrayDeque<>();
        Set<String> seen = new LinkedHashSet<>();
        queue.add(source);
        seen.add(source);
        while (!queue.isEmpty()) {
            String u = queue.poll();
            boolean inScope = Objects.equals(branchOf(u), branch);
            if (!inScope && !u.equals(source)) {
                continue; // the join of this branch: the enclosing scope decides whether it is reached
            }
            everywhere.add(u);
            ForkSpec fork = forks.get(u);
            if (fork != null && inScope) {
                boolean all = !fork.branches().isEmpty();
                for (NodeReader.Located b : fork.branches()) {
                    all &= reach(u, b.value(), blocked, everywhere).contains(fork.join().value());
                }
                String join = fork.join().value();
                if (all && !blocked.contains(join) && seen.add(join)) {
                    queue.add(join);
                }
                continue;
            }
            for (String v : out.getOrDefault(u, List.of())) {
                boolean intoScope = Objects.equals(branchOf(v), branch) || (branch != null && isJoinOf(v, branch));
                if (intoScope && !blocked.contains(v) && seen.add(v)) {
                    queue.add(v);
                }
            }
        }
        return seen;
    }

    private @Nullable String branchOf(String vertex) {
        StepSpec s = file.steps().get(vertex);
        return s == null ? null : s.branch();
    }

    private boolean isJoinOf(String vertex, String branch) {
        for (ForkSpec f : file.forks()) {
            if (f.join().value().equals(vertex) && f.branches().stream().anyMatch(b -> b.value().equals(branch))) {
                return true;
            }
        }
        return false;
    }
}
