package org.ipcsync.cli;

import java.util.Iterator;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.spec.Model;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Any design of the catalog (implemented, model-only variant or mutant) by its name, as the TLA+
 * configuration TLC checks; also the list help shows.
 */
final class SpecDesignConverter implements ITypeConverter<Model>, Iterable<String> {
    @Override
    public Model convert(String value) {
        try {
            return DesignCatalog.get(value).model();
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    @Override
    public Iterator<String> iterator() {
        return DesignCatalog.names().iterator();
    }
}
