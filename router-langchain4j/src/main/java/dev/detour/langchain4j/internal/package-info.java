/** The escalation prompt, the reading of answers and the naming of failures; not API. */
package dev.detour.langchain4j.internal;
