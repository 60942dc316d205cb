package com.convosensei.processor.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * A real SMTP server (GreenMail) in the test JVM on a free port; the mailer connects to it over TCP like to any
 * relay. Tests stop and start it ({@link #stopServer}, {@link #startServer}) to cut SMTP; the port stays the same.
 */
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {

    private static int port;
    private static GreenMail server;

    @Override
    public Map<String, String> start() {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        startServer();
        return Map.of("quarkus.mailer.port", Integer.toString(port), "quarkus.mailer.host", "127.0.0.1",
                "sensei.mail.host", "127.0.0.1");
    }

    @Override
    public void stop() {
        stopServer();
    }

    public static synchronized GreenMail server() {
        return server;
    }

    public static synchronized void startServer() {
        if (server == null) {
            server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            server.start();
        }
    }

    public static synchronized void stopServer() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }
}
