package org.ipcsync.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/** Writes and reads reports/summary.json. Null fields are left out. */
public final class SummaryJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private SummaryJson() {}

    public static void write(Summary summary, Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), summary);
    }

    public static Summary read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), Summary.class);
    }
}
