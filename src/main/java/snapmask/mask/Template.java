package snapmask.mask;

import snapmask.schema.Sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A text with {@code {column}} placeholders, e.g. {@code masking_dummy_{id}}, compiled to a SQL
 * CONCAT over the row. A NULL column contributes an empty string, so the result is never NULL.
 */
final class Template {

    private final List<String> literals = new ArrayList<>();
    private final List<String> columns = new ArrayList<>();

    private Template() {
    }

    static Template parse(String text) {
        Template t = new Template();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch == '{') {
                int end = text.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("template '" + text + "' has a '{' without '}'");
                }
                String column = text.substring(i + 1, end).trim();
                if (column.isEmpty()) {
                    throw new IllegalArgumentException("template '" + text + "' has an empty {}");
                }
                t.literals.add(literal.toString());
                t.columns.add(column);
                literal.setLength(0);
                i = end + 1;
            } else {
                literal.append(ch);
                i++;
            }
        }
        t.literals.add(literal.toString());
        if (t.columns.isEmpty()) {
            throw new IllegalArgumentException("template '" + text + "' names no column such as {id}; every row would get"
                    + " the same value, which breaks unique columns and joins");
        }
        return t;
    }

    Set<String> columns() {
        return new LinkedHashSet<>(columns);
    }

    String sql(String qualifier) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (!literals.get(i).isEmpty()) {
                parts.add(Sql.literal(literals.get(i)));
            }
            parts.add("COALESCE(CAST(" + qualifier + Sql.name(columns.get(i)) + " AS CHAR), '')");
        }
        String last = literals.get(literals.size() - 1);
        if (!last.isEmpty()) {
            parts.add(Sql.literal(last));
        }
        return "CONCAT(" + String.join(", ", parts) + ")";
    }
}
