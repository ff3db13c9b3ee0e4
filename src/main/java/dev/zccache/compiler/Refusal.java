package dev.zccache.compiler;

import dev.zccache.outcome.Reason;

/** Why a call cannot be cached (at whatever step that became clear), with what made it so for people. */
public record Refusal(Reason reason, String detail) implements Analysis, LearntInputs {
}
