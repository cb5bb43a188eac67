import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Closes an HTTP server without cutting anyone off. From `close()` on it accepts no connection;
 * every answer in progress or still to come on an open connection says `Connection: close`, so
 * the client does not reuse it and it ends once the answer is out; idle ones end at once.
 *
 * Hand-written because Node's `server.close()` leaves keep-alive connections open until their
 * idle timeout, Nest's `forceCloseConnections` destroys them mid-answer, and the libraries that
 * do this (http-terminator, stoppable) are not dependencies of the project.
 */
export class ConnectionDrainer {
  private readonly inProgress = new Set<ServerResponse>();
  private closing = false;

  constructor(private readonly server: Server) {
    // First, so that the header is set before any handler can send the answer.
    server.prependListener('request', (_request: IncomingMessage, response: ServerResponse) => this.track(response));
  }

  /**
   * Stops accepting connections; resolves once every open one has ended, or after `timeoutMs`,
   * when those left are destroyed.
   */
  close(timeoutMs: number): Promise<void> {
    this.closing = true;
    for (const response of this.inProgress) this.closeAfter(response);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.server.closeAllConnections(), timeoutMs).unref();
      this.server.close(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private track(response: ServerResponse): void {
    if (this.closing) return this.closeAfter(response);
    this.inProgress.add(response);
    response.once('close', () => this.inProgress.delete(response));
  }

  private closeAfter(response: ServerResponse): void {
    if (!response.headersSent) response.setHeader('Connection', 'close');
    // Already announced keep-alive: close the connection as soon as it is idle.
    else response.once('finish', () => setImmediate(() => this.server.closeIdleConnections()));
  }
}
