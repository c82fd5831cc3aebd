package dev.detour.langchain4j;

/**
 * An invalid {@link LlmConfig} value. {@link #field()} is the key as {@code detour.yaml}'s {@code llm:}
 * section spells it, so a file loader can report {@code file:line:field} without parsing the message.
 */
public final class LlmConfigException extends IllegalArgumentException {

    private final String field;

    public LlmConfigException(String field, String problem) {
        super("llm." + field + " " + problem);
        this.field = field;
    }

    /** The offending key: {@code provider}, {@code baseUrl}, {@code model}, {@code apiKey}, {@code timeout} or {@code maxTokens}. */
    public String field() {
        return field;
    }
}
