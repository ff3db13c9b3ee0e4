package dev.zccache.protocol;

/** Answers one decoded request; never throws (failures are {@link Reply.Error} values). */
@FunctionalInterface
public interface RequestHandler {

    Reply handle(Request request, ReplySink sink);
}
