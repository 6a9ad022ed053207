package snapmask.testing;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

/** A GreenMail SMTP server on a free port, for tests that read the mails snapmask sends. */
public final class TestMail {

    private TestMail() {
    }

    public static GreenMailExtension server() {
        return new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());
    }
}
