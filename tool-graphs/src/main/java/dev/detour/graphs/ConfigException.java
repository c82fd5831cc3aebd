package dev.detour.graphs;

import java.util.List;
import java.util.stream.Collectors;

/** A graph or scenario file that cannot be used; lists every problem found, not only the first. */
public final class ConfigException extends IllegalArgumentException {

    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in file order. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
