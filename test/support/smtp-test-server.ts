import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as the SMTP server received it: the envelope and the raw MIME text. */
export interface ReceivedMessage {
  mailFrom: string;
  rcptTo: string[];
  user: string | null;
  raw: string;
  /** Header names lower-cased, folded lines joined. */
  headers: Record<string, string>;
}

export interface SmtpTestServer {
  port: number;
  /** `smtp://user:pass@127.0.0.1:port`, the form SMTP_URL takes. */
  url: string;
  received: ReceivedMessage[];
  connections: () => number;
  /** The next RCPT TO commands (for `recipient`, when given) answer these replies instead of 250. */
  rejectRecipients(replies: Array<{ code: number; message: string }>, recipient?: string): void;
  /**
   * The next `times` messages to `recipient` (all, when omitted) get no answer to their DATA, and
   * are not kept: a message is the server's only once it has said 250.
   */
  stallData(recipient: string, times?: number): void;
  /** How many messages were stalled so far. */
  stalled: () => number;
  close(): Promise<void>;
}

export const SMTP_USER = 'mailer';
export const SMTP_PASSWORD = 'smtp-password-never-logged';

function parseHeaders(raw: string): Record<string, string> {
  const head = raw.split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, ' ');
  return Object.fromEntries(
    head.split(/\r?\n/).map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
}

/** A real SMTP server (the `smtp-server` package) in the test process, with plain AUTH and replies on demand. */
export async function startSmtpTestServer(port = 0): Promise<SmtpTestServer> {
  const received: ReceivedMessage[] = [];
  const rejections: Array<{ code: number; message: string; recipient?: string }> = [];
  const stalls = new Map<string, number>();
  let stalled = 0;
  let connections = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const index = rejections.findIndex((r) => r.recipient === undefined || r.recipient === address.address);
      if (index < 0) return callback();
      const [reply] = rejections.splice(index, 1);
      callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const rcptTo = session.envelope.rcptTo.map((a) => a.address);
        const stalledFor = rcptTo.find((r) => (stalls.get(r) ?? 0) > 0);
        if (stalledFor) {
          stalls.set(stalledFor, stalls.get(stalledFor)! - 1);
          stalled += 1;
          return; // never answered
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        received.push({ mailFrom, rcptTo, user: (session.user as string | undefined) ?? null, raw, headers: parseHeaders(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done());
  });
  const bound = (server.server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${bound}`,
    received,
    connections: () => connections,
    rejectRecipients: (replies, recipient) => {
      for (const reply of replies) rejections.push({ ...reply, recipient });
    },
    stallData: (recipient, times = Number.POSITIVE_INFINITY) => stalls.set(recipient, times),
    stalled: () => stalled,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/**
 * A TCP server that fails as a network does: `silent` accepts and never greets (the greeting
 * timeout applies); `drop` speaks just enough SMTP to take the message's envelope and, once the
 * message's text starts to arrive after DATA, drops the connection (the message's fate unknown).
 */
export async function startBrokenSmtpServer(mode: 'silent' | 'drop'): Promise<{ url: string; dropped: () => number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let dropped = 0;
  const server: TcpServer = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (mode === 'silent') return;
    socket.write('220 broken.example ESMTP\r\n');
    let inData = false;
    socket.on('data', (chunk: Buffer) => {
      if (inData) {
        dropped += 1;
        socket.destroy();
        return;
      }
      for (const line of chunk.toString('utf8').split('\r\n').filter(Boolean)) {
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write(verb === 'EHLO' ? '250 broken.example\r\n' : '250 OK\r\n');
      }
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    dropped: () => dropped,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}
