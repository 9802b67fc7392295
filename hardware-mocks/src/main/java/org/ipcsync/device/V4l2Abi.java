package org.ipcsync.device;

/**
 * Every struct size, field offset, flag and ioctl number {@link V4l2VideoDevice} relies on, for
 * x86_64 and {@code <linux/videodev2.h>}. Structs are handled as raw memory at these offsets.
 * V4l2AbiTest compiles a C program against the system header and compares every constant here
 * with what the compiler says, so nothing in this class is taken on trust. Immutable.
 */
public final class V4l2Abi {
    private V4l2Abi() {}

    // struct v4l2_capability
    public static final int CAPABILITY_SIZE = 104;
    public static final int CAPABILITY_DRIVER = 0;
    public static final int CAPABILITY_CARD = 16;
    public static final int CAPABILITY_CAPABILITIES = 84;
    public static final int CAPABILITY_DEVICE_CAPS = 88;

    // struct v4l2_format, with the single-planar struct v4l2_pix_format in its union
    public static final int FORMAT_SIZE = 208;
    public static final int FORMAT_TYPE = 0;
    public static final int FORMAT_PIX_WIDTH = 8;
    public static final int FORMAT_PIX_HEIGHT = 12;
    public static final int FORMAT_PIX_PIXELFORMAT = 16;
    public static final int FORMAT_PIX_FIELD = 20;
    public static final int FORMAT_PIX_BYTESPERLINE = 24;
    public static final int FORMAT_PIX_SIZEIMAGE = 28;

    // struct v4l2_requestbuffers
    public static final int REQUESTBUFFERS_SIZE = 20;
    public static final int REQUESTBUFFERS_COUNT = 0;
    public static final int REQUESTBUFFERS_TYPE = 4;
    public static final int REQUESTBUFFERS_MEMORY = 8;

    // struct v4l2_buffer
    public static final int BUFFER_SIZE = 88;
    public static final int BUFFER_INDEX = 0;
    public static final int BUFFER_TYPE = 4;
    public static final int BUFFER_BYTESUSED = 8;
    public static final int BUFFER_FLAGS = 12;
    public static final int BUFFER_TIMESTAMP_SEC = 24;
    public static final int BUFFER_TIMESTAMP_USEC = 32;
    public static final int BUFFER_SEQUENCE = 56;
    public static final int BUFFER_MEMORY = 60;
    public static final int BUFFER_M_OFFSET = 64;
    public static final int BUFFER_LENGTH = 72;

    // struct v4l2_exportbuffer
    public static final int EXPORTBUFFER_SIZE = 64;
    public static final int EXPORTBUFFER_TYPE = 0;
    public static final int EXPORTBUFFER_INDEX = 4;
    public static final int EXPORTBUFFER_PLANE = 8;
    public static final int EXPORTBUFFER_FLAGS = 12;
    public static final int EXPORTBUFFER_FD = 16;

    // struct v4l2_streamparm, with struct v4l2_captureparm in its union
    public static final int STREAMPARM_SIZE = 204;
    public static final int STREAMPARM_TYPE = 0;
    public static final int STREAMPARM_CAPTURE_CAPABILITY = 4;
    public static final int STREAMPARM_TIMEPERFRAME_NUMERATOR = 12;
    public static final int STREAMPARM_TIMEPERFRAME_DENOMINATOR = 16;

    // struct v4l2_control
    public static final int CONTROL_SIZE = 8;
    public static final int CONTROL_ID = 0;
    public static final int CONTROL_VALUE = 4;

    public static final int BUF_TYPE_VIDEO_CAPTURE = 1;
    public static final int MEMORY_MMAP = 1;
    public static final int FIELD_ANY = 0;
    public static final int BUF_FLAG_ERROR = 0x40;
    public static final int CAP_TIMEPERFRAME = 0x1000;

    // capability bits, named in the error for a device that is not a streaming capture device
    public static final int CAP_VIDEO_CAPTURE = 0x1;
    public static final int CAP_VIDEO_OUTPUT = 0x2;
    public static final int CAP_VIDEO_CAPTURE_MPLANE = 0x1000;
    public static final int CAP_VIDEO_OUTPUT_MPLANE = 0x2000;
    public static final int CAP_VIDEO_M2M_MPLANE = 0x4000;
    public static final int CAP_VIDEO_M2M = 0x8000;
    public static final int CAP_META_CAPTURE = 0x00800000;
    public static final int CAP_READWRITE = 0x01000000;
    public static final int CAP_STREAMING = 0x04000000;
    public static final int CAP_DEVICE_CAPS = 0x80000000;

    public static final long VIDIOC_QUERYCAP = ior(0, CAPABILITY_SIZE);
    public static final long VIDIOC_S_FMT = iowr(5, FORMAT_SIZE);
    public static final long VIDIOC_REQBUFS = iowr(8, REQUESTBUFFERS_SIZE);
    public static final long VIDIOC_QUERYBUF = iowr(9, BUFFER_SIZE);
    public static final long VIDIOC_QBUF = iowr(15, BUFFER_SIZE);
    public static final long VIDIOC_EXPBUF = iowr(16, EXPORTBUFFER_SIZE);
    public static final long VIDIOC_DQBUF = iowr(17, BUFFER_SIZE);
    public static final long VIDIOC_STREAMON = iow(18, Integer.BYTES);
    public static final long VIDIOC_STREAMOFF = iow(19, Integer.BYTES);
    public static final long VIDIOC_S_PARM = iowr(22, STREAMPARM_SIZE);
    public static final long VIDIOC_S_CTRL = iowr(28, CONTROL_SIZE);

    static String capabilityNames(int caps) {
        StringBuilder names = new StringBuilder();
        int[] bits = {CAP_VIDEO_CAPTURE, CAP_VIDEO_OUTPUT, CAP_VIDEO_CAPTURE_MPLANE, CAP_VIDEO_OUTPUT_MPLANE,
            CAP_VIDEO_M2M_MPLANE, CAP_VIDEO_M2M, CAP_META_CAPTURE, CAP_READWRITE, CAP_STREAMING};
        String[] labels = {"VIDEO_CAPTURE", "VIDEO_OUTPUT", "VIDEO_CAPTURE_MPLANE", "VIDEO_OUTPUT_MPLANE",
            "VIDEO_M2M_MPLANE", "VIDEO_M2M", "META_CAPTURE", "READWRITE", "STREAMING"};
        int rest = caps;
        for (int i = 0; i < bits.length; i++) {
            if ((caps & bits[i]) != 0) {
                names.append(names.length() == 0 ? "" : "|").append(labels[i]);
                rest &= ~bits[i];
            }
        }
        if (rest != 0) {
            names.append(names.length() == 0 ? "" : "|").append(String.format("0x%x", rest));
        }
        return names.length() == 0 ? "none" : names.toString();
    }

    // The kernel's _IOC encoding: direction in bits 30-31, size in 16-29, type in 8-15, number in 0-7.
    private static final long IOC_WRITE = 1;
    private static final long IOC_READ = 2;

    private static long ioc(long dir, int nr, int size) {
        return (dir << 30) | ((long) size << 16) | ('V' << 8) | nr;
    }

    private static long ior(int nr, int size) {
        return ioc(IOC_READ, nr, size);
    }

    private static long iow(int nr, int size) {
        return ioc(IOC_WRITE, nr, size);
    }

    private static long iowr(int nr, int size) {
        return ioc(IOC_READ | IOC_WRITE, nr, size);
    }
}
