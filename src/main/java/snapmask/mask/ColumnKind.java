package snapmask.mask;

import snapmask.schema.SchemaReader.Column;

import java.util.EnumSet;
import java.util.Locale;

/** The broad kind of a column type, which decides what a rule may do to it. */
public enum ColumnKind {
    TEXT, NUMBER, DATE, OTHER;

    public static ColumnKind of(Column column) {
        String type = column.type().toLowerCase(Locale.ROOT);
        if (type.startsWith("enum") || type.startsWith("set")) {
            return OTHER;
        }
        if (type.contains("char") || type.contains("text") || type.startsWith("json")) {
            return TEXT;
        }
        if (type.contains("int") || type.startsWith("decimal") || type.startsWith("float") || type.startsWith("double")
                || type.startsWith("numeric")) {
            return NUMBER;
        }
        if (type.startsWith("date") || type.startsWith("timestamp")) {
            return DATE;
        }
        return OTHER;
    }

    /** The kinds a rule accepts. */
    public record Set(EnumSet<ColumnKind> kinds) {
        public static Set of(ColumnKind first, ColumnKind... rest) {
            return new Set(EnumSet.of(first, rest));
        }

        public static Set any() {
            return new Set(EnumSet.allOf(ColumnKind.class));
        }

        public boolean contains(ColumnKind kind) {
            return kinds.contains(kind);
        }

        @Override
        public String toString() {
            return kinds.toString().toLowerCase(Locale.ROOT);
        }
    }
}
