package dev.detour.server.config;

import dev.detour.graphs.loader.NodeReader;
import dev.detour.graphs.loader.NodeReader.Entry;
import dev.detour.langchain4j.LlmConfig;
import dev.detour.langchain4j.LlmConfigException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code llm} section into router-langchain4j's {@link LlmConfig}, key for key: which model
 * goal tools ask at a dead end. {@code apiKey} is a secret value: it may read {@code ${env:NAME}} or
 * {@code ${file:/path}} ({@link SecretFields}), and no problem quotes it.
 * The record checks the values; a value it rejects ({@link LlmConfigException#field()}) becomes a
 * problem at that key's line, or at the section when the key is missing.
 *
 * <p>No message shows the API key: the record's messages never contain it, and this reader reads
 * {@code apiKey} only as a string, whose problems name the type, not the value.
 */
final class LlmReader {

    private static final List<String> KEYS = List.of("provider", "baseUrl", "model", "apiKey", "timeout", "maxTokens", "cache");
    private static final Map<String, String> FIXES = Map.of(
            "provider", "write one of: openai-compatible, anthropic, ollama",
            "baseUrl", "give the API's base URL, e.g. baseUrl: http://localhost:11434/v1, or leave it out for the provider's public endpoint",
            "model", "name the model the API serves, e.g. model: gpt-4o-mini",
            "apiKey", "give the key from the environment, e.g. apiKey: ${env:ANTHROPIC_API_KEY}",
            "timeout", "give a positive duration, e.g. timeout: 10s",
            "maxTokens", "give a positive whole number, e.g. maxTokens: 256");

    private final NodeReader r;
    private final SecretFields secrets;

    /** @param secrets resolves the key's {@code ${env:…}} and {@code ${file:…}} references */
    LlmReader(NodeReader r, SecretFields secrets) {
        this.r = r;
        this.secrets = secrets;
    }

    /** The model configuration of the section; empty when it has problems. */
    Optional<LlmConfig> read(Entry section) {
        Optional<Fields> fields = Fields.of(r, section, KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields f = fields.get();
        int before = r.problems().size();
        LlmConfig.Builder b = LlmConfig.builder();
        f.string("baseUrl").ifPresent(b::baseUrl);
        f.string("model").ifPresent(b::model);
        if (f.has("apiKey")) {
            Entry key = f.get("apiKey");
            secrets.secret(key).ifPresent(secret -> {
                if (secret.isEmpty()) {
                    r.problem(key.value(), key.path(), "'apiKey' is empty once its references are resolved", FIXES.get("apiKey"));
                } else {
                    b.apiKey(secret.reveal());
                }
            });
        }
        f.duration("timeout", b::timeout);
        f.integer("maxTokens", b::maxTokens);
        f.bool("cache", b::cache);
        try {
            f.string("provider").ifPresent(b::provider); // last: an unknown name throws, and the other keys' problems are in by then
            if (r.problems().size() > before) {
                return Optional.empty();
            }
            return Optional.of(b.build());
        } catch (LlmConfigException e) {
            rejected(f, section, e);
            return Optional.empty();
        }
    }

    private void rejected(Fields f, Entry section, LlmConfigException e) {
        String prefix = "llm." + e.field() + " ";
        String problem = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        Entry set = f.get(e.field());
        String fix = FIXES.getOrDefault(e.field(), "correct the values of 'llm'");
        if (set != null) {
            r.problem(set.value(), set.path(), "'" + e.field() + "' " + problem, fix);
        } else {
            r.problem(section.keyNode(), section.path() + "." + e.field(), "'" + e.field() + "' " + problem, fix);
        }
    }
}
