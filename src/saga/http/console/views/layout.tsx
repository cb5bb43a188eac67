import type { ComponentChildren } from 'preact';
import type { ConsoleSession } from '../console-sessions.js';

export interface LayoutProps {
  title: string;
  /** Null on the sign-in page. */
  session: ConsoleSession | null;
  /** Which navigation entry is the current page. */
  current?: 'sagas' | 'incidents';
  children: ComponentChildren;
}

/**
 * Every console page: one stylesheet and one script of our own (the content security policy
 * allows nothing else: no inline script or style, no CDN, no outside font), a skip link, the
 * navigation, who is signed in, and sign-out (a POST with the session's CSRF token).
 */
export function Layout({ title, session, current, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Saga console`}</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
        <script src="/console/assets/console.js" defer />
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <span class="brand">Saga console</span>
          {session && (
            <nav aria-label="Console">
              <a href="/console" aria-current={current === 'sagas' ? 'page' : undefined}>Sagas</a>
              <a href="/console/incidents" aria-current={current === 'incidents' ? 'page' : undefined}>Incidents</a>
            </nav>
          )}
          {session && (
            <form class="who" method="post" action="/console/sign-out">
              <span>
                {session.name} <span class="role">({session.role})</span>
              </span>
              <input type="hidden" name="_csrf" value={session.csrf} />
              <button type="submit" class="link">Sign out</button>
            </form>
          )}
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}

/** A notice above a page's content, after an action (`Retry requested`). */
export const Notice = ({ text }: { text: string | null }) =>
  text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
