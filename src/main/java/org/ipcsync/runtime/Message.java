package org.ipcsync.runtime;

/**
 * A unit of work queued to a thread for one receiver (libcamera's Message). Immutable apart
 * from the receiver, which {@link LoopThread#postMessage} sets before the message is queued.
 */
public class Message {
    public enum Type {
        INVOKE,
        THREAD_MOVE,
        USER
    }

    private final Type type;
    private volatile BoundObject receiver;

    public Message(Type type) {
        this.type = type;
    }

    public Type type() {
        return type;
    }

    public BoundObject receiver() {
        return receiver;
    }

    void setReceiver(BoundObject receiver) {
        this.receiver = receiver;
    }

    @Override
    public String toString() {
        return type.name().toLowerCase() + "->" + receiver;
    }
}
