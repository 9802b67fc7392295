package org.ipcsync.cli;

import java.util.Arrays;
import java.util.Iterator;
import org.ipcsync.spec.Design;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A model configuration named by its label on the command line; also the list help shows. */
final class SpecDesignConverter implements ITypeConverter<Design>, Iterable<String> {
    @Override
    public Design convert(String value) {
        try {
            return Design.byLabel(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("unknown design '" + value + "' (" + String.join(", ", this) + ")");
        }
    }

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(Design.values()).map(Design::label).iterator();
    }
}
