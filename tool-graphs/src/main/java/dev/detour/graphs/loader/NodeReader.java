package dev.detour.graphs.loader;

import dev.detour.graphs.ConfigProblem;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a SnakeYAML node tree (which keeps the line and column of every node) and records a
 * {@link ConfigProblem} for every type error, unknown key or missing field instead of throwing.
 * Not thread-safe; one per document.
 */
public final class NodeReader {

    private final String file;
    private final List<ConfigProblem> problems = new ArrayList<>();

    public NodeReader(String file) {
        this.file = file;
    }

    /** The file name problems are reported against. */
    public String file() {
        return file;
    }

    /** Problems found so far, in the order found. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /**
     * Composes the YAML text into a node tree; a syntax error becomes a problem at its mark.
     *
     * @return the root node, or empty when the text is empty or not YAML
     */
    public Optional<Node> compose(String text) {
        try {
            // compose keeps positions but does not check duplicate keys: mapping() does
            Node root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
            if (root == null) {
                problem(null, "(document)", "the file is empty", "write a YAML mapping with at least the required fields");
            }
            return Optional.ofNullable(root);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(new ConfigProblem(file, mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1,
                    "(syntax)", "not valid YAML: " + e.getProblem(), "correct the YAML syntax at this position"));
            return Optional.empty();
        }
    }

    /** Records a problem at a node (or the file as a whole when {@code at} is null). */
    public void problem(@Nullable Node at, String field, String message, String fix) {
        problems.add(new ConfigProblem(file, line(at), column(at), field, message, fix));
    }

    /** 1-based line of a node, 0 for none. */
    public static int line(@Nullable Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /** 1-based column of a node, 0 for none. */
    public static int column(@Nullable Node node) {
        return node == null ? 0 : node.getStartMark().getColumn() + 1;
    }

    /**
     * The entries of a mapping by key, in file order. Unknown keys and duplicates are problems;
     * a non-mapping node is a problem and yields empty.
     */
    public Optional<Map<String, Entry>> mapping(@Nullable Node node, String field, @Nullable Collection<String> allowedKeys) {
        if (!(node instanceof MappingNode m)) {
            problem(node, field, "expected a mapping (key: value pairs), found " + kind(node), "write '" + field + "' as a mapping");
            return Optional.empty();
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                problem(t.getKeyNode(), field, "keys must be plain strings", "use a plain string key");
                continue;
            }
            String key = k.getValue();
            String path = field.isEmpty() ? key : field + "." + key;
            if (allowedKeys != null && !allowedKeys.contains(key)) {
                String suggestion = Names.closest(key, allowedKeys).map(s -> "did you mean '" + s + "'? ").orElse("");
                problem(k, path, "unknown field '" + key + "'", suggestion + "allowed fields here: " + String.join(", ", allowedKeys));
                continue;
            }
            if (entries.putIfAbsent(key, new Entry(key, k, t.getValueNode(), path)) != null) {
                problem(k, path, "'" + key + "' is declared twice", "keep one declaration of '" + key + "'");
            }
        }
        return Optional.of(entries);
    }

    /** The items of a sequence; a non-sequence is a problem and yields empty. */
    public Optional<List<Node>> sequence(@Nullable Node node, String field) {
        if (!(node instanceof SequenceNode s)) {
            problem(node, field, "expected a list, found " + kind(node), "write '" + field + "' as a YAML list (lines starting with '- ')");
            return Optional.empty();
        }
        return Optional.of(s.getValue());
    }

    /** A non-empty string scalar. */
    public Optional<String> string(@Nullable Node node, String field) {
        if (node instanceof ScalarNode s && !Tag.NULL.equals(s.getTag()) && !s.getValue().isBlank()) {
            if (Tag.STR.equals(s.getTag()) || Tag.INT.equals(s.getTag()) || Tag.FLOAT.equals(s.getTag())) {
                return Optional.of(s.getValue());
            }
        }
        problem(node, field, "expected a non-empty string, found " + kind(node),
                "give '" + field + "' a name, e.g. " + field.replaceAll(".*\\.", "") + ": my_value");
        return Optional.empty();
    }

    /** A number scalar (integer or decimal; {@code .nan} and {@code .inf} are returned as such). */
    public Optional<Double> number(@Nullable Node node, String field) {
        if (node instanceof ScalarNode s && (Tag.INT.equals(s.getTag()) || Tag.FLOAT.equals(s.getTag()))) {
            String v = s.getValue().replace("_", "");
            switch (v.toLowerCase(java.util.Locale.ROOT)) {
                case ".nan":
                    return Optional.of(Double.NaN);
                case ".inf", "+.inf":
                    return Optional.of(Double.POSITIVE_INFINITY);
                case "-.inf":
                    return Optional.of(Double.NEGATIVE_INFINITY);
                default:
                    try {
                        return Optional.of(Double.parseDouble(v));
                    } catch (NumberFormatException e) {
                        break;
                    }
            }
        }
        problem(node, field, "expected a number, found " + kind(node), "write a plain number, e.g. " + field.replaceAll(".*\\.", "") + ": 10");
        return Optional.empty();
    }

    /** A whole number scalar. */
    public Optional<Integer> integer(@Nullable Node node, String field) {
        if (node instanceof ScalarNode s && Tag.INT.equals(s.getTag())) {
            try {
                return Optional.of(Integer.parseInt(s.getValue().replace("_", "")));
            } catch (NumberFormatException e) {
                // falls through to the problem below
            }
        }
        problem(node, field, "expected a whole number, found " + kind(node), "write a whole number, e.g. " + field.replaceAll(".*\\.", "") + ": 2");
        return Optional.empty();
    }

    /**
     * A duration in the {@link Durations} grammar, e.g. {@code 250ms}, {@code 1.5s}, {@code 5m} or
     * {@code 1h}.
     */
    public Optional<Duration> duration(@Nullable Node node, String field) {
        String fix = "write a number followed by ms, s, m or h, e.g. " + field.replaceAll(".*\\.", "") + ": 30s";
        if (node instanceof ScalarNode s && !Tag.NULL.equals(s.getTag())) {
            try {
                return Optional.of(Durations.parse(s.getValue()));
            } catch (IllegalArgumentException e) {
                problem(node, field, Objects.requireNonNullElse(e.getMessage(), Durations.EXPECTED), fix);
                return Optional.empty();
            }
        }
        problem(node, field, Durations.EXPECTED + ", found " + kind(node), fix);
        return Optional.empty();
    }

    /** A boolean scalar. */
    public Optional<Boolean> bool(@Nullable Node node, String field) {
        if (node instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
            return Optional.of(Boolean.parseBoolean(s.getValue().toLowerCase(java.util.Locale.ROOT)));
        }
        problem(node, field, "expected true or false, found " + kind(node), "write " + field.replaceAll(".*\\.", "") + ": true (or false)");
        return Optional.empty();
    }

    /** A list of strings; a single string is accepted as a one-element list. */
    public List<Located> strings(@Nullable Node node, String field) {
        List<Located> out = new ArrayList<>();
        if (node instanceof ScalarNode) {
            string(node, field).ifPresent(v -> out.add(new Located(v, node)));
            return out;
        }
        sequence(node, field).ifPresent(items -> {
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                string(item, field + "[" + i + "]").ifPresent(v -> out.add(new Located(v, item)));
            }
        });
        return out;
    }

    /** True when the node is YAML null (an empty value). */
    public static boolean isNull(@Nullable Node node) {
        return node == null || (node instanceof ScalarNode s && Tag.NULL.equals(s.getTag()));
    }

    /**
     * Converts a node to plain Java values (maps, lists, strings, numbers, booleans, null), as the
     * argument templates of router-core expect.
     */
    public static @Nullable Object plain(Node node) {
        return switch (node) {
            case ScalarNode s -> scalar(s);
            case SequenceNode s -> s.getValue().stream().map(NodeReader::plain).toList();
            case MappingNode m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (NodeTuple t : m.getValue()) {
                    Object key = plain(t.getKeyNode());
                    out.put(String.valueOf(key), plain(t.getValueNode()));
                }
                yield out;
            }
            default -> null;
        };
    }

    private static @Nullable Object scalar(ScalarNode s) {
        String v = s.getValue();
        Tag tag = s.getTag();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            return Boolean.parseBoolean(v.toLowerCase(java.util.Locale.ROOT));
        }
        if (Tag.INT.equals(tag)) {
            try {
                return Long.parseLong(v.replace("_", ""));
            } catch (NumberFormatException e) {
                return v;
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return Double.parseDouble(v.replace("_", ""));
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return v;
    }

    private static String kind(@Nullable Node node) {
        return switch (node) {
            case null -> "nothing";
            case ScalarNode s when Tag.NULL.equals(s.getTag()) -> "an empty value";
            case ScalarNode s -> "'" + s.getValue() + "'";
            case SequenceNode s -> "a list";
            case MappingNode m -> "a mapping";
            default -> "a " + node.getNodeId();
        };
    }

    /**
     * One key of a mapping.
     *
     * @param key   the key
     * @param keyNode the key's node (for its position)
     * @param value the value node
     * @param path  the field path, e.g. {@code steps.draft.tool}
     */
    public record Entry(String key, Node keyNode, Node value, String path) {
    }

    /** A string with the node it came from, for positions in later problems. */
    public record Located(String value, Node node) {
        public int line() {
            return NodeReader.line(node);
        }

        public int column() {
            return NodeReader.column(node);
        }
    }
}
