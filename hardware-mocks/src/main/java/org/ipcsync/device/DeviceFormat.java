package org.ipcsync.device;

/**
 * The single-planar capture format a device applied (V4L2 {@code struct v4l2_pix_format}):
 * the driver may adjust every requested field, so callers use this, not what they asked for.
 */
public record DeviceFormat(int width, int height, int fourcc, int bytesPerLine, int sizeImage) {
    public static final int YUYV = fourcc('Y', 'U', 'Y', 'V');
    public static final int RGB24 = fourcc('R', 'G', 'B', '3');
    public static final int GREY = fourcc('G', 'R', 'E', 'Y');

    /** V4L2's {@code v4l2_fourcc}: four characters, first one in the low byte. */
    public static int fourcc(char a, char b, char c, char d) {
        return a | (b << 8) | (c << 16) | (d << 24);
    }

    public static String fourccName(int fourcc) {
        return new String(new char[] {
            (char) (fourcc & 0xff), (char) ((fourcc >> 8) & 0xff),
            (char) ((fourcc >> 16) & 0xff), (char) ((fourcc >>> 24) & 0xff)});
    }

    @Override
    public String toString() {
        return width + "x" + height + " " + fourccName(fourcc) + " stride " + bytesPerLine + " size " + sizeImage;
    }
}
