import type { ConsoleSession } from '../console-sessions.js';
import { Layout } from './layout.js';

export interface ErrorPageProps {
  statusCode: number;
  error: string;
  messages: string[];
  session: ConsoleSession | null;
  /** Where to go back to. */
  back: string;
}

/** A refusal or failure as a page: the status, the API's own message, and a way back. */
export function ErrorPage({ statusCode, error, messages, session, back }: ErrorPageProps) {
  return (
    <Layout title={`${statusCode} ${error}`} session={session}>
      <h1>
        {statusCode} {error}
      </h1>
      <ul class="error" role="alert">
        {messages.map((m) => (
          <li>{m}</li>
        ))}
      </ul>
      <p>
        <a href={back}>Back</a>
      </p>
    </Layout>
  );
}
