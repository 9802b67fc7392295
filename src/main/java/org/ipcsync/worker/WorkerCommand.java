package org.ipcsync.worker;

import java.util.List;
import java.util.Map;

/**
 * How to start an IPA worker the way libcamera does: {@code <executable> <modulePath> <fd>},
 * the fd number appended at spawn time. {@code env} is added to the inherited environment.
 */
public record WorkerCommand(String executable, String modulePath, Map<String, String> env) {
    public WorkerCommand {
        env = Map.copyOf(env);
    }

    public WorkerCommand(String executable, String modulePath) {
        this(executable, modulePath, Map.of());
    }

    public List<String> argv(int fd) {
        return List.of(executable, modulePath, Integer.toString(fd));
    }
}
