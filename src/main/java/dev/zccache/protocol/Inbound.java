package dev.zccache.protocol;

/** A request together with the sink its reply streams into. */
public record Inbound(Request request, ReplySink sink) {
}
