import http from 'node:http';

/** Load only ever goes to this machine's loopback address. */
export const HOST = '127.0.0.1';

/**
 * The admin key the harness gives the service it starts (`API_KEYS`, see serviceEnv), for the
 * routes that need one (fault rules, saga lists). Registrations and saga reads send none.
 */
export const BENCH_SECRET = 'bench-admin-secret-0123456789abcdef';
export const ADMIN = { authorization: `Bearer ${BENCH_SECRET}` };

export interface HttpResult {
  status: number;
  body: string;
}

/** A keep-alive HTTP/1.1 client on node:http; one socket per request in flight, reused. */
export class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 8192, scheduling: 'lifo' });
  /** Socket errors that were retried (the POSTs the harness sends are safe to repeat). */
  retries = 0;

  constructor(readonly port: number) {}

  async request(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<HttpResult> {
    try {
      return await this.once(method, path, body, headers);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A keep-alive socket closed by the server just as we reused it: send again once.
      if (code !== 'ECONNRESET' && code !== 'EPIPE') throw error;
      this.retries++;
      return this.once(method, path, body, headers);
    }
  }

  private once(method: string, path: string, body: string | undefined, headers: Record<string, string>): Promise<HttpResult> {
    return new Promise((resolve, reject) => {
      const all: http.OutgoingHttpHeaders = { ...headers };
      if (body !== undefined) {
        all['content-type'] = 'application/json';
        all['content-length'] = Buffer.byteLength(body);
      }
      const req = http.request({ host: HOST, port: this.port, method, path, headers: all, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.setTimeout(65_000, () => req.destroy(new Error(`${method} ${path}: no answer in 65 s`)));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
