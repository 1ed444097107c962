package dev.kestrel.core.spi;

/** An {@link EventSource} could not be created or started; the message says why and what to do. */
public class EventSourceException extends Exception {

    private static final long serialVersionUID = 1L;

    public EventSourceException(String message) {
        super(message);
    }

    public EventSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
