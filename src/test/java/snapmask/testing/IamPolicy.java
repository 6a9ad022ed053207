package snapmask.testing;

import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The IAM policy the README tells users to attach ({@code docs/iam-policy.json}), judged as AWS
 * judges an Allow-only policy: a request is allowed on a resource when a statement names its action
 * and a pattern of the resource's ARN, and every condition of that statement holds (a condition key
 * the request lacks fails it, as in IAM). The placeholders become the fake's region and account
 * and the names the tests give production's cluster and the analytics instance.
 */
public final class IamPolicy {

    private static final Path FILE = Path.of("docs/iam-policy.json");
    /** The tests' production cluster and analytics instance are prod-cluster and analytics. */
    private static final Map<String, String> PLACEHOLDERS = Map.of("REGION", "eu-west-1", "ACCOUNT", "123456789012",
            "PRODUCTION-CLUSTER", "prod-cluster", "ANALYTICS-INSTANCE", "analytics");

    private record Statement(String sid, List<String> actions, List<Pattern> resources, List<Condition> conditions) {
    }

    /** A condition; a multi-valued key (aws:TagKeys) is judged by ForAllValues: every value of the request is listed. */
    private record Condition(String operator, String key, List<String> values) {
        boolean holds(Map<String, List<String>> context) {
            List<String> actual = context.get(key);
            if (operator.startsWith("ForAllValues:")) {
                // as in IAM: a request without the key passes
                return actual == null || actual.stream().allMatch(a -> matches(operator.substring("ForAllValues:".length()), a));
            }
            return actual != null && actual.size() == 1 && matches(operator, actual.get(0));
        }

        private boolean matches(String op, String actual) {
            return values.stream().anyMatch(v -> switch (op) {
                case "StringEquals" -> v.equals(actual);
                case "StringLike" -> wildcard(v).matcher(actual).matches();
                default -> throw new IllegalStateException("condition operator " + op + " is not judged here");
            });
        }
    }

    private final List<Statement> statements = new ArrayList<>();

    private IamPolicy() {
    }

    public static IamPolicy documented() {
        try {
            String text = Files.readString(FILE);
            for (var placeholder : PLACEHOLDERS.entrySet()) {
                text = text.replace(placeholder.getKey(), placeholder.getValue());
            }
            IamPolicy policy = new IamPolicy();
            for (Object s : (JsonArray) ((JsonObject) Jsoner.deserialize(text)).get("Statement")) {
                JsonObject statement = (JsonObject) s;
                List<Condition> conditions = new ArrayList<>();
                JsonObject condition = (JsonObject) statement.get("Condition");
                if (condition != null) {
                    condition.forEach((operator, keys) -> ((JsonObject) keys).forEach((key, values) ->
                            conditions.add(new Condition(operator, key, strings(values)))));
                }
                policy.statements.add(new Statement((String) statement.get("Sid"), strings(statement.get("Action")),
                        strings(statement.get("Resource")).stream().map(IamPolicy::wildcard).toList(), conditions));
            }
            return policy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (org.apache.camel.util.json.DeserializationException e) {
            throw new IllegalStateException(FILE + " is not JSON: " + e.getMessage(), e);
        }
    }

    /** True when a statement allows {@code action} on {@code arn} with the condition keys {@code context}. */
    public boolean allows(String action, String arn, Map<String, List<String>> context) {
        return statements.stream().anyMatch(s -> s.actions().contains(action)
                && s.resources().stream().anyMatch(r -> r.matcher(arn).matches())
                && s.conditions().stream().allMatch(c -> c.holds(context)));
    }

    private static List<String> strings(Object value) {
        return value instanceof JsonArray array ? array.stream().map(String::valueOf).toList() : List.of(String.valueOf(value));
    }

    /** IAM's * and ? in an ARN or a StringLike value. */
    private static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }
}
