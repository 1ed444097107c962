package dev.kestrel.response;

/**
 * Receives every {@link ActionRecord}, on the responder's worker thread, in the order actions end.
 * Should return quickly; an exception it throws is logged and counted, never stops the responder.
 */
@FunctionalInterface
public interface ActionListener {

    void onAction(ActionRecord record);
}
