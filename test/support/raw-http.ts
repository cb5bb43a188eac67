import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** When the answer had fully arrived (Date.now()). */
  at: number;
}

/**
 * One JSON request over node:http, so that a connection the server resets shows as the error
 * it is (`ECONNRESET`, `socket hang up`) rather than a client library's retry or wrapper.
 */
export function postJson(url: string, path: string, body: object, headers: Record<string, string>, agent: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = httpRequest(new URL(path, url), { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : null, at: Date.now() }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** What a raw TCP client saw before the server closed its connection. */
export interface Cut {
  /** Everything the server sent. */
  received: string;
  /** From connecting to the connection's close, in ms. */
  afterMs: number;
  error: string | null;
}

/**
 * A raw TCP client that sends `chunks` one every `everyMs` and records what comes back until the
 * server closes the connection (it never closes it itself; `timeoutMs` fails the test instead).
 */
export function trickle(port: number, chunks: string[], everyMs: number, timeoutMs: number): Promise<Cut> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const started = Date.now();
    let received = '';
    let error: string | null = null;
    let next = 0;
    const sender = setInterval(() => {
      if (next < chunks.length && socket.writable) socket.write(chunks[next++]);
    }, everyMs);
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${timeoutMs} ms; it received ${next} of ${chunks.length} chunks`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => (received += data));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => {
      clearInterval(sender);
      clearTimeout(guard);
      resolve({ received, afterMs: Date.now() - started, error });
    });
  });
}

/** A raw TCP connection that has sent one request and read its answer, or was closed unanswered. */
export interface HeldConnection {
  socket: Socket;
  /** The status line of the answer, or null when the server closed the connection without one. */
  statusLine: string | null;
}

/** Opens a connection, sends `GET path` (keep-alive) and waits for the answer's first bytes or the close. */
export function openAndAsk(port: number, path: string): Promise<HeldConnection> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let settled = false;
    const settle = (statusLine: string | null) => {
      if (settled) return;
      settled = true;
      resolve({ socket, statusLine });
    };
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
    socket.on('data', (data: string) => settle(data.split('\r\n')[0]));
    socket.on('error', () => settle(null));
    socket.on('close', () => settle(null));
  });
}
