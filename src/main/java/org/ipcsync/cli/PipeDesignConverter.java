package org.ipcsync.cli;

import java.util.Iterator;
import org.ipcsync.pipe.PipeDesigns;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A pipe design named as in the catalogue (nested, threaded, ...); also the list help shows. */
final class PipeDesignConverter implements ITypeConverter<String>, Iterable<String> {
    @Override
    public String convert(String value) {
        if (!PipeDesigns.names().contains(value)) {
            throw new TypeConversionException("unknown design '" + value + "' (designs: " + PipeDesigns.names() + ")");
        }
        return value;
    }

    @Override
    public Iterator<String> iterator() {
        return PipeDesigns.names().iterator();
    }
}
