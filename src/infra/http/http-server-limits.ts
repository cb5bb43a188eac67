import type { Server } from 'node:http';
import type { AppConfig } from '../../config/app-config.js';

type HttpLimits = Pick<AppConfig, 'HTTP_HEADERS_TIMEOUT_MS' | 'HTTP_REQUEST_TIMEOUT_MS' | 'HTTP_KEEP_ALIVE_TIMEOUT_MS' | 'HTTP_MAX_CONNECTIONS'>;

/**
 * Bounds what slow or greedy clients can hold: the time to send the headers and the whole
 * request (answered 408 and closed after it), the idle time of a keep-alive connection, and the
 * number of connections (one more is closed as soon as it is accepted). Call it before the
 * server listens: Node starts the timer that enforces both timeouts when listening starts.
 */
export function limitHttpServer(server: Server, limits: HttpLimits): void {
  // Always both: on Node 20 a request timeout set below a headers timeout left at its 60 s
  // default is not applied to a slow body at all (the configuration refuses headers > request).
  server.headersTimeout = limits.HTTP_HEADERS_TIMEOUT_MS;
  server.requestTimeout = limits.HTTP_REQUEST_TIMEOUT_MS;
  // Node looks for expired requests every 30 s by default, so a 10 s limit could hold a client
  // for 40 s. Only a constructor option in the typings, but read when listening starts.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(
    10,
    Math.min(1_000, Math.floor(limits.HTTP_HEADERS_TIMEOUT_MS / 10)),
  );
  server.keepAliveTimeout = limits.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  server.maxConnections = limits.HTTP_MAX_CONNECTIONS;
}
