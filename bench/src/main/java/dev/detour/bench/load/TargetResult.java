package dev.detour.bench.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything measured on one target.
 *
 * @param target     the target
 * @param open       one phase per open-loop rate, in the order of {@link LoadOptions#rates()}
 * @param saturation the closed-loop phase
 */
public record TargetResult(Target target, List<Phase> open, Phase saturation) {

    public TargetResult {
        open = List.copyOf(open);
    }

    /** This result and another round's of the same target. */
    public TargetResult merge(TargetResult other) {
        List<Phase> merged = new ArrayList<>();
        for (int i = 0; i < open.size(); i++) {
            merged.add(open.get(i).merge(other.open.get(i)));
        }
        return new TargetResult(target, merged, saturation.merge(other.saturation));
    }
}
