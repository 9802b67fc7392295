package org.ipcsync.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Compiles a C program against the system's {@code <linux/videodev2.h>} and checks that every
 * public constant of {@link V4l2Abi} equals what the compiler computes for the same thing.
 */
class V4l2AbiTest {
    /** For each constant the Java side uses, the C expression it stands for. */
    private static final Map<String, String> C_EXPRESSIONS = new LinkedHashMap<>();

    static {
        struct("CAPABILITY", "v4l2_capability", Map.of("DRIVER", "driver", "CARD", "card",
                "CAPABILITIES", "capabilities", "DEVICE_CAPS", "device_caps"));
        struct("FORMAT", "v4l2_format", Map.of("TYPE", "type", "PIX_WIDTH", "fmt.pix.width",
                "PIX_HEIGHT", "fmt.pix.height", "PIX_PIXELFORMAT", "fmt.pix.pixelformat", "PIX_FIELD", "fmt.pix.field",
                "PIX_BYTESPERLINE", "fmt.pix.bytesperline", "PIX_SIZEIMAGE", "fmt.pix.sizeimage"));
        struct("REQUESTBUFFERS", "v4l2_requestbuffers", Map.of("COUNT", "count", "TYPE", "type", "MEMORY", "memory"));
        struct("BUFFER", "v4l2_buffer", Map.of("INDEX", "index", "TYPE", "type", "BYTESUSED", "bytesused",
                "FLAGS", "flags", "TIMESTAMP_SEC", "timestamp.tv_sec", "TIMESTAMP_USEC", "timestamp.tv_usec",
                "SEQUENCE", "sequence", "MEMORY", "memory", "M_OFFSET", "m.offset", "LENGTH", "length"));
        struct("EXPORTBUFFER", "v4l2_exportbuffer", Map.of("TYPE", "type", "INDEX", "index", "PLANE", "plane",
                "FLAGS", "flags", "FD", "fd"));
        struct("STREAMPARM", "v4l2_streamparm", Map.of("TYPE", "type", "CAPTURE_CAPABILITY", "parm.capture.capability",
                "TIMEPERFRAME_NUMERATOR", "parm.capture.timeperframe.numerator",
                "TIMEPERFRAME_DENOMINATOR", "parm.capture.timeperframe.denominator"));
        struct("CONTROL", "v4l2_control", Map.of("ID", "id", "VALUE", "value"));
        for (String value : List.of("BUF_TYPE_VIDEO_CAPTURE", "MEMORY_MMAP", "FIELD_ANY", "BUF_FLAG_ERROR",
                "CAP_TIMEPERFRAME", "CAP_VIDEO_CAPTURE", "CAP_VIDEO_OUTPUT", "CAP_VIDEO_CAPTURE_MPLANE",
                "CAP_VIDEO_OUTPUT_MPLANE", "CAP_VIDEO_M2M_MPLANE", "CAP_VIDEO_M2M", "CAP_META_CAPTURE",
                "CAP_READWRITE", "CAP_STREAMING", "CAP_DEVICE_CAPS")) {
            C_EXPRESSIONS.put(value, "V4L2_" + value);
        }
        for (String ioctl : List.of("QUERYCAP", "S_FMT", "REQBUFS", "QUERYBUF", "QBUF", "EXPBUF", "DQBUF",
                "STREAMON", "STREAMOFF", "S_PARM", "S_CTRL")) {
            C_EXPRESSIONS.put("VIDIOC_" + ioctl, "VIDIOC_" + ioctl);
        }
    }

    private static void struct(String prefix, String cName, Map<String, String> fields) {
        C_EXPRESSIONS.put(prefix + "_SIZE", "sizeof(struct " + cName + ")");
        new TreeMap<>(fields).forEach((javaSuffix, member) ->
                C_EXPRESSIONS.put(prefix + "_" + javaSuffix, "offsetof(struct " + cName + ", " + member + ")"));
    }

    @Test
    void everyJavaConstantHasACExpression() throws IllegalAccessException {
        assertThat(C_EXPRESSIONS.keySet()).containsExactlyInAnyOrderElementsOf(javaConstants().keySet());
    }

    @Test
    void javaConstantsMatchTheCompiledHeader() throws Exception {
        Map<String, Long> c = compileAndRun();
        Map<String, Long> java = javaConstants();
        List<String> mismatches = new ArrayList<>();
        C_EXPRESSIONS.forEach((name, expression) -> {
            Long cValue = c.get(name);
            Long javaValue = java.get(name);
            if (!javaValue.equals(cValue)) {
                mismatches.add(String.format("%s: Java 0x%x (%d), C %s = %s", name, javaValue, javaValue, expression,
                        cValue == null ? "missing" : String.format("0x%x (%d)", cValue, cValue)));
            }
        });
        assertThat(mismatches).as("V4L2 ABI mismatches").isEmpty();
        assertThat(c).hasSameSizeAs(java);
    }

    private static Map<String, Long> javaConstants() throws IllegalAccessException {
        Map<String, Long> values = new TreeMap<>();
        for (Field f : V4l2Abi.class.getDeclaredFields()) {
            int mod = f.getModifiers();
            if (Modifier.isPublic(mod) && Modifier.isStatic(mod) && Modifier.isFinal(mod)) {
                Object v = f.get(null);
                // ints are 32-bit patterns (flags such as 0x80000000); ioctl numbers are unsigned longs
                values.put(f.getName(), v instanceof Integer i ? Integer.toUnsignedLong(i) : (Long) v);
            }
        }
        return values;
    }

    private static Map<String, Long> compileAndRun() throws IOException, InterruptedException {
        Path dir = Files.createDirectories(Path.of("target", "v4l2-abi"));
        StringBuilder src = new StringBuilder("""
                #include <stddef.h>
                #include <stdio.h>
                #include <linux/videodev2.h>
                int main(void) {
                """);
        C_EXPRESSIONS.forEach((name, expr) ->
                src.append("    printf(\"%s %llu\\n\", \"").append(name).append("\", (unsigned long long)(").append(expr).append("));\n"));
        src.append("    return 0;\n}\n");
        Path c = dir.resolve("v4l2_abi.c");
        Path exe = dir.resolve("v4l2_abi");
        Files.writeString(c, src);
        run(List.of("gcc", "-Wall", "-Werror", "-o", exe.toString(), c.toString()));
        Map<String, Long> values = new TreeMap<>();
        for (String line : run(List.of(exe.toString())).split("\n")) {
            String[] parts = line.split(" ");
            values.put(parts[0], Long.parseUnsignedLong(parts[1]));
        }
        return values;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        assertThat(p.exitValue()).as("%s exit status; output:%n%s", command, out).isZero();
        return out;
    }
}
