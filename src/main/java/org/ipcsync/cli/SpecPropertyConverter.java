package org.ipcsync.cli;

import org.ipcsync.spec.Property;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A TLA+ property named as in the specs (NoLostWakeup, ...). */
final class SpecPropertyConverter implements ITypeConverter<Property> {
    @Override
    public Property convert(String value) {
        try {
            return Property.byName(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("unknown property '" + value + "' (e.g. NoLostWakeup, EventuallyReturns)");
        }
    }
}
