package snapmask.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import snapmask.config.MySqlServer;

import java.util.function.Supplier;

/**
 * A database server of a test class's own (one with TLS only, say, or one whose databases RDS would
 * restore), started before its first test and stopped after its last:
 * {@code @RegisterExtension static final OwnServer SERVER = new OwnServer(() -> DebianMariaDb.startOwn("scrub"));}.
 * The engines every test shares are {@link Engine}'s.
 */
public final class OwnServer implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<DatabaseProcess> start;
    private DatabaseProcess process;

    public OwnServer(Supplier<DatabaseProcess> start) {
        this.start = start;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        process = start.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (process != null) {
            process.stop();
        }
    }

    /** The server's root account. */
    public MySqlServer root() {
        return process.root();
    }

    public String url() {
        return process.url();
    }
}
