/**
 * A scripted model server on loopback ({@link dev.detour.langchain4j.scripted.ScriptedModelServer}) that
 * speaks the OpenAI chat-completions, Anthropic messages and Ollama chat APIs and answers from a
 * {@link dev.detour.langchain4j.scripted.Script}: the LLM of the tests and of the demo.
 */
package dev.detour.langchain4j.scripted;
