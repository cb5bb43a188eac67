import { Layout } from './layout.js';

export interface SignInProps {
  /** Why the person is here again: a failed sign-in, an ended session. */
  message: string | null;
  /** Where to go once signed in (a console path only). */
  next: string;
}

/** The one page anyone may open: a password field for an API_KEYS secret. */
export function SignInPage({ message, next }: SignInProps) {
  return (
    <Layout title="Sign in" session={null}>
      <section class="sign-in">
        <h1>Sign in</h1>
        <p>Use the secret of one of the service's API keys (the part of an API_KEYS entry after the role). It stays on the server: the console keeps only a signed session cookie.</p>
        {message && (
          <p class="error" role="alert">
            {message}
          </p>
        )}
        <form method="post" action="/console/sign-in">
          <input type="hidden" name="next" value={next} />
          <label for="secret">API key secret</label>
          <input id="secret" name="secret" type="password" autocomplete="current-password" required minLength={24} maxLength={512} autofocus />
          <button type="submit">Sign in</button>
        </form>
      </section>
    </Layout>
  );
}
