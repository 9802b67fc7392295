package org.ipcsync.libcamera;

/**
 * One entry of a ControlInfoMap keyed by V4L2 control ids, as the vimc pipeline hands the sensor's
 * controls to the IPA in {@code configure}: the id, libcamera's ControlType (1 bool, 3 int32) and
 * min/max/default. Immutable.
 */
record V4l2ControlInfo(String name, int id, int type, int min, int max, int def) {
    static final int TYPE_BOOL = 1;
    static final int TYPE_INT32 = 3;

    static V4l2ControlInfo int32(String name, int id, int min, int max, int def) {
        return new V4l2ControlInfo(name, id, TYPE_INT32, min, max, def);
    }

    static V4l2ControlInfo bool(String name, int id, boolean def) {
        return new V4l2ControlInfo(name, id, TYPE_BOOL, 0, 1, def ? 1 : 0);
    }

    /** Bytes one value of this type takes in a serialized control packet. */
    int valueSize() {
        return type == TYPE_BOOL ? 1 : 4;
    }
}
