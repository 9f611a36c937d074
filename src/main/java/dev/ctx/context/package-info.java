/**
 * What an agent sees at the start of a session ({@code ctx context}): all of {@code system/}, the tree of
 * on-demand memory, the skills catalog and, for a task, the most relevant chunks, fitted to a token budget and
 * rendered as markdown, XML-tagged text or JSON. Pure: it gets what to show from {@code app} and renders the
 * same bytes for the same input, so prompt caches stay warm.
 */
package dev.ctx.context;
