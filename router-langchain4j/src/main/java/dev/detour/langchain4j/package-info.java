/**
 * Detour with LangChain4j: the LLM that decides at a dead end ({@link dev.detour.langchain4j.LlmEscalationPolicy}
 * over a model from {@link dev.detour.langchain4j.LlmConfig} and {@link dev.detour.langchain4j.ChatModels}, its
 * costs observed through {@link dev.detour.langchain4j.LlmCallListener}); Detour's healing tools for LangChain4j
 * agents ({@code tools}); and a scripted model server for tests and the demo ({@code scripted}).
 */
package dev.detour.langchain4j;
