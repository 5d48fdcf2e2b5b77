package io.switchboard.runtime.tool;

import dev.langchain4j.mcp.client.transport.http.HttpMcpTransport;
import java.io.IOException;
import java.lang.reflect.Field;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * Puts LangChain4j's SSE MCP transport behind the SSRF guard. That transport builds its own OkHttp
 * client, which follows redirects and posts to whatever absolute URL the server's {@code endpoint} event
 * names, so a registered server could send the gateway to a blocked address. The transport offers no way
 * to supply the client, so its client is replaced (before it first connects) by a copy that follows no
 * redirects and checks every request's URL with the guard. If the library's shape changes and that is
 * no longer possible, SSE registrations fail rather than run unguarded.
 */
final class SseTransportGuard {
    private SseTransportGuard() {}

    static HttpMcpTransport guard(HttpMcpTransport transport, UrlGuard guard) {
        try {
            Field field = HttpMcpTransport.class.getDeclaredField("client");
            field.setAccessible(true);
            OkHttpClient client = (OkHttpClient) field.get(transport);
            field.set(
                    transport,
                    client.newBuilder()
                            .followRedirects(false)
                            .followSslRedirects(false)
                            .addInterceptor(checking(guard))
                            .build());
            return transport;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new InvalidToolProviderException(
                    "the SSE transport cannot be checked against the network policy here; use streamable_http");
        }
    }

    private static Interceptor checking(UrlGuard guard) {
        return chain -> {
            try {
                guard.check(chain.request().url().uri());
            } catch (ToolException e) {
                // OkHttp reports I/O exceptions to the event source's failure listener; others escape it.
                throw new IOException("refused by the network policy: " + e.getMessage(), e);
            }
            Response response = chain.proceed(chain.request());
            if (response.isRedirect()) {
                response.close();
                throw new IOException("the MCP server answered with a redirect; redirects are not followed");
            }
            return response;
        };
    }
}
