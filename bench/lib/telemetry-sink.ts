/** A webhook receiver and OTLP/HTTP collector stand-in for `--telemetry`: reads each body, answers at once, counts. */
import { createServer, type Server } from 'node:http';

export class TelemetrySink {
  private constructor(
    private readonly server: Server,
    readonly port: number,
    /** Requests received, by kind (webhook, otlp). */
    readonly counts: Record<string, number>,
  ) {}

  static async start(port: number): Promise<TelemetrySink> {
    const counts: Record<string, number> = {};
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const path = req.url?.startsWith('/v1/traces') ? 'otlp' : 'webhook';
        counts[path] = (counts[path] ?? 0) + 1;
        if (path === 'otlp') res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return new TelemetrySink(server, port, counts);
  }

  serviceEnv(): Record<string, string> {
    return {
      WEBHOOK_URL: `http://127.0.0.1:${this.port}/hooks`,
      WEBHOOK_SECRET: 'bench-webhook-secret-0123456789',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${this.port}`,
    };
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
