package dev.detour.examples.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's LangChain4j snippets are regions of compiled source: each {@code <!-- snippet: FILE#TAG -->}
 * in README.md is followed by a code block equal to the lines between {@code // tag::TAG[]} and
 * {@code // end::TAG[]} in FILE (indentation removed).
 */
class ReadmeSnippetTest {

    private static final Path ROOT = Path.of("../..");
    private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everySnippetInTheReadmeIsTheRegionOfSourceItNames() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = SNIPPET.matcher(readme);
        List<String> checked = new ArrayList<>();
        while (m.find()) {
            String region = region(Files.readString(ROOT.resolve(m.group(1))), m.group(2));
            assertThat(m.group(3)).as("README snippet %s#%s", m.group(1), m.group(2)).isEqualTo(region);
            checked.add(m.group(2));
        }
        assertThat(checked).as("snippets in the LangChain4j section").contains("embedding", "llm");
        assertThat(readme).contains("## Embedding Detour in a LangChain4j agent");
    }

    private static String region(String source, String tag) {
        List<String> lines = source.lines().toList();
        int start = indexOf(lines, "// tag::" + tag + "[]");
        int end = indexOf(lines, "// end::" + tag + "[]");
        assertThat(start).as("tag %s", tag).isNotNegative().isLessThan(end);
        List<String> body = lines.subList(start + 1, end);
        int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String line : body) {
            sb.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return sb.toString();
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        return -1;
    }
}
