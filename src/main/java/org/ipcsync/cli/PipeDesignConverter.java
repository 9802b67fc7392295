package org.ipcsync.cli;

import java.util.Iterator;
import org.ipcsync.catalog.DesignCatalog;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** An implemented design (one with a pipe) by its catalog name; also the list help shows. */
final class PipeDesignConverter implements ITypeConverter<String>, Iterable<String> {
    @Override
    public String convert(String value) {
        if (DesignCatalog.pipeNames().contains(value)) {
            return value;
        }
        if (!DesignCatalog.names().contains(value)) {
            throw new TypeConversionException("unknown design '" + value + "' (designs: "
                    + String.join(", ", DesignCatalog.pipeNames()) + ")");
        }
        try {
            return DesignCatalog.pipe(value).name();
        } catch (IllegalArgumentException modelOnly) {
            throw new TypeConversionException(modelOnly.getMessage());
        }
    }

    @Override
    public Iterator<String> iterator() {
        return DesignCatalog.pipeNames().iterator();
    }
}
