package snapmask.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The numbers and strings of a JSON document as MySQL prints it, each with its MySQL path
 * ({@code $."key"[2]}) and its text as printed: the places where MySQL's JSON may hold a type that
 * its text cannot say (a DECIMAL, a DATE, a binary value). Keys keep their JSON escapes, which a
 * MySQL path reads the same way.
 */
final class JsonScalars {

    /** A number or string at {@code path}; {@code text} is a number as printed or a string's content (escapes kept). */
    record Scalar(String path, String text, boolean string) {
    }

    private final String json;
    private int at;
    private final List<Scalar> out = new ArrayList<>();

    private JsonScalars(String json) {
        this.json = json;
    }

    static List<Scalar> of(String json) {
        JsonScalars walk = new JsonScalars(json);
        walk.value("$");
        return walk.out;
    }

    private void value(String path) {
        space();
        char c = json.charAt(at);
        if (c == '{') {
            at++;
            space();
            if (json.charAt(at) == '}') {
                at++;
                return;
            }
            while (true) {
                space();
                String key = stringToken();
                space();
                expect(':');
                value(path + "." + key);
                space();
                if (json.charAt(at++) == '}') {
                    return;
                }
            }
        } else if (c == '[') {
            at++;
            space();
            if (json.charAt(at) == ']') {
                at++;
                return;
            }
            for (int i = 0; ; i++) {
                value(path + "[" + i + "]");
                space();
                if (json.charAt(at++) == ']') {
                    return;
                }
            }
        } else if (c == '"') {
            String token = stringToken();
            out.add(new Scalar(path, token.substring(1, token.length() - 1), true));
        } else if (c == 't' || c == 'f' || c == 'n') {
            while (at < json.length() && Character.isLetter(json.charAt(at))) {
                at++;
            }
        } else {
            int start = at;
            while (at < json.length() && "+-.0123456789eE".indexOf(json.charAt(at)) >= 0) {
                at++;
            }
            out.add(new Scalar(path, json.substring(start, at), false));
        }
    }

    /** A string token with its quotes and escapes, as in the document. */
    private String stringToken() {
        int start = at;
        expect('"');
        while (json.charAt(at) != '"') {
            at += json.charAt(at) == '\\' ? 2 : 1;
        }
        at++;
        return json.substring(start, at);
    }

    private void expect(char c) {
        if (json.charAt(at) != c) {
            throw new IllegalArgumentException("not JSON as MySQL prints it: expected " + c + " at " + at);
        }
        at++;
    }

    private void space() {
        while (at < json.length() && Character.isWhitespace(json.charAt(at))) {
            at++;
        }
    }
}
