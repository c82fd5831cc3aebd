package dev.detour.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class VertxOptionsTest {

    @Test
    void theCommandsRunVertxOnEpollOnLinux() {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && System.getProperty("os.arch").equals("amd64"), "the epoll library shipped is for Linux x86_64");
        Vertx vertx = Vertx.vertx(DetourCommand.vertxOptions());
        try {
            assertThat(vertx.isNativeTransportEnabled()).as("native transport, else: %s", vertx.unavailableNativeTransportCause()).isTrue();
        } finally {
            vertx.close().await();
        }
    }
}
