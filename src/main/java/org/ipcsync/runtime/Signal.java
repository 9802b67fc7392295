package org.ipcsync.runtime;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * libcamera's {@code Signal}: emitting calls every connected slot. A slot connected with a
 * {@link BoundObject} receiver is delivered per its {@link ConnectionType}; a slot without one is
 * always called directly in the emitting thread. Connect, disconnect and emit from any thread;
 * slots may disconnect during emission (emission walks a snapshot).
 */
public final class Signal<T> {
    private record Connection<T>(BoundObject receiver, Consumer<T> slot, ConnectionType type) {}

    private final String name;
    private final CopyOnWriteArrayList<Connection<T>> connections = new CopyOnWriteArrayList<>();

    public Signal() {
        this("signal");
    }

    /** {@code name} labels queued deliveries in traces. */
    public Signal(String name) {
        this.name = name;
    }

    public void connect(BoundObject receiver, Consumer<T> slot) {
        connect(receiver, slot, ConnectionType.AUTO);
    }

    public void connect(BoundObject receiver, Consumer<T> slot, ConnectionType type) {
        connections.add(new Connection<>(Objects.requireNonNull(receiver), slot, type));
    }

    /** Connects a plain slot: called directly in whichever thread emits. */
    public void connect(Consumer<T> slot) {
        connections.add(new Connection<>(null, slot, ConnectionType.DIRECT));
    }

    public void disconnect(BoundObject receiver) {
        connections.removeIf(c -> c.receiver == receiver);
    }

    public void disconnect(Consumer<T> slot) {
        connections.removeIf(c -> c.slot == slot);
    }

    public void disconnectAll() {
        connections.clear();
    }

    public boolean isConnected() {
        return !connections.isEmpty();
    }

    public void emit(T value) {
        for (Connection<T> c : connections) {
            if (c.receiver == null) {
                c.slot.accept(value);
            } else {
                c.receiver.invokeMethod(name, () -> c.slot.accept(value), c.type);
            }
        }
    }

    public void emit() {
        emit(null);
    }
}
