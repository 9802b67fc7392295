package org.ipcsync.ipa;

/**
 * The kit's small IPA interface, numbered like libcamera's generated proxies: Exit is 0, the
 * interface's methods follow from 1. Sync commands block the caller until the IPA replies.
 */
public enum IpaCommand {
    EXIT(0, false),
    INIT(1, true),
    START(2, true),
    STOP(3, true),
    CONFIGURE(4, true),
    MAP_BUFFERS(5, true),
    UNMAP_BUFFERS(6, true),
    QUEUE_REQUEST(7, false),
    PROCESS_STATS(8, false);

    public final int code;
    public final boolean sync;

    IpaCommand(int code, boolean sync) {
        this.code = code;
        this.sync = sync;
    }

    /** The lowerCamelCase name libcamera's interfaces use (init, mapBuffers, processStats...). */
    public String methodName() {
        String[] parts = name().toLowerCase().split("_");
        StringBuilder s = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            s.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return s.toString();
    }

    public static IpaCommand fromCode(int code) {
        for (IpaCommand c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }

    /** Accepts the method name (mapBuffers) or the enum name (MAP_BUFFERS), case-insensitively. */
    public static IpaCommand fromName(String name) {
        for (IpaCommand c : values()) {
            if (c.methodName().equalsIgnoreCase(name) || c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown IPA command '" + name + "' (known: "
                + java.util.Arrays.stream(values()).map(IpaCommand::methodName).toList() + ")");
    }
}
