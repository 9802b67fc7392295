package org.ipcsync.libcamera;

/**
 * The commands of libcamera 0.0.3's vimc IPA interface ({@code _VimcCmd} in the generated
 * {@code vimc_ipa_interface.h}) and whether its proxy sends them as sync calls. The one event,
 * ParamsBufferReady, is {@link #EVENT_PARAMS_BUFFER_READY}. Immutable.
 */
public enum VimcCmd {
    EXIT(0, false),
    INIT(1, true),
    CONFIGURE(2, true),
    START(3, true),
    STOP(4, true),
    MAP_BUFFERS(5, true),
    UNMAP_BUFFERS(6, true),
    QUEUE_REQUEST(7, false),
    FILL_PARAMS_BUFFER(8, false);

    /** {@code _VimcEventCmd::ParamsBufferReady}: the worker's only event, sent with cookie 0. */
    public static final int EVENT_PARAMS_BUFFER_READY = 1;

    public final int code;
    public final boolean sync;

    VimcCmd(int code, boolean sync) {
        this.code = code;
        this.sync = sync;
    }

    /** libcamera's name of the call, as the generated interface spells it. */
    public String callName() {
        String[] words = name().toLowerCase().split("_");
        StringBuilder b = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            b.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return b.toString();
    }
}
