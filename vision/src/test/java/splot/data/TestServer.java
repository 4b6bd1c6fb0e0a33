package splot.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A local HTTP server on 127.0.0.1 (any free port) that serves byte arrays, whole or cut short. */
final class TestServer implements AutoCloseable {
    /** How a path is answered. */
    enum Mode {
        /** 200 with Content-Length and all bytes. */
        WHOLE,
        /** 200 announcing all bytes, then half of them and a closed connection. */
        CUT_OFF,
        /** 200 without Content-Length (chunked), half of the bytes, properly ended. */
        SHORT_CHUNKED
    }

    private record Route(byte[] body, Mode mode) {
    }

    private final HttpServer server;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();

    TestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Base URL, ending in '/'. */
    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    TestServer serve(String path, byte[] body, Mode mode) {
        routes.put("/" + path, new Route(body, mode));
        return this;
    }

    TestServer serve(String path, byte[] body) {
        return serve(path, body, Mode.WHOLE);
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        Route route = routes.get(exchange.getRequestURI().getPath());
        try (exchange) {
            if (route == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = route.body();
            OutputStream out = exchange.getResponseBody();
            switch (route.mode()) {
                case WHOLE -> {
                    exchange.sendResponseHeaders(200, body.length);
                    out.write(body);
                }
                case CUT_OFF -> {
                    exchange.sendResponseHeaders(200, body.length);
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    // Closing with bytes still owed makes the server drop the connection (and throw here).
                }
                case SHORT_CHUNKED -> {
                    exchange.sendResponseHeaders(200, 0);
                    out.write(body, 0, body.length / 2);
                }
            }
        } catch (IOException expected) {
            // "insufficient bytes written to stream" for CUT_OFF: that is the point.
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
