package snapmask.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The short text a finished run prints: what was copied, rows per table, what was masked, time per step. */
public final class RunReport {

    private RunReport() {
    }

    public static String of(RunContext run) {
        StringBuilder out = new StringBuilder();
        out.append("snapmask run ").append(run.id()).append(": ").append(run.status())
                .append(" in ").append(seconds(run.duration())).append('\n');
        if (run.failedStep() != null && run.status() != RunContext.Status.SUCCEEDED) {
            out.append("  step:       ").append(run.failedStep()).append('\n');
        }
        if (run.failure() != null) {
            out.append(run.status() == RunContext.Status.SKIPPED ? "  why:        " : "  cause:      ")
                    .append(run.failure().getMessage()).append('\n');
        }
        if (run.snapshot() != null) {
            out.append("  snapshot:   ").append(run.snapshot().id()).append('\n');
        }
        if (run.copy() != null) {
            out.append("  temporary:  ").append(run.copy()).append('\n');
        }
        Map<String, Long> rows = run.rowsPerTable();
        if (!rows.isEmpty()) {
            out.append("  copied:     ").append(rows.size()).append(" tables, ").append(run.rowsLoaded()).append(" rows\n");
            rows.forEach((table, n) -> out.append("    ").append(padded(table, 22)).append(String.format(" %,12d%n", n)));
        }
        List<String> masked = run.maskedColumns();
        if (!masked.isEmpty()) {
            out.append("  masked:     ").append(String.join(", ", masked)).append('\n');
            run.maskedSamples().forEach((column, samples) -> {
                if (!samples.isEmpty()) {
                    out.append("    ").append(column).append(" e.g. ").append(String.join(", ", samples)).append('\n');
                }
            });
        }
        for (String note : run.notes()) {
            out.append("  note:       ").append(note).append('\n');
        }
        out.append("  steps:\n");
        run.stepTimes().forEach((step, time) -> out.append(String.format("    %-22s %8s%n", step, seconds(time))));
        for (String line : run.cleanup()) {
            out.append("  cleanup:    ").append(line).append('\n');
        }
        return out.toString();
    }

    /** {@code text} padded to {@code columns} as a terminal shows it: Japanese, Chinese and Korean characters take two. */
    static String padded(String text, int columns) {
        int width = text.codePoints().map(c -> wide(c) ? 2 : 1).sum();
        return text + " ".repeat(Math.max(0, columns - width));
    }

    /** East Asian wide and fullwidth characters (Unicode's EastAsianWidth W and F, by their main blocks). */
    private static boolean wide(int c) {
        return c >= 0x1100 && c <= 0x115F || c >= 0x2E80 && c <= 0xA4CF || c >= 0xAC00 && c <= 0xD7A3
                || c >= 0xF900 && c <= 0xFAFF || c >= 0xFE30 && c <= 0xFE4F || c >= 0xFF00 && c <= 0xFF60
                || c >= 0xFFE0 && c <= 0xFFE6 || c >= 0x20000 && c <= 0x3FFFD;
    }

    static String seconds(Duration d) {
        return String.format("%.2f s", d.toMillis() / 1000.0);
    }
}
