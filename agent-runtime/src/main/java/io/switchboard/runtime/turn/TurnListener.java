package io.switchboard.runtime.turn;

/**
 * Told about every finished turn (conversation log, metrics). Called on the turn's virtual thread;
 * must be quick and must not throw — a listener failure is logged and never fails the turn.
 */
@FunctionalInterface
public interface TurnListener {
    void turnFinished(TurnLog turn);
}
