import { describe, expect, it } from '@jest/globals';
import { AppConfig, ConfigError, loadConfig } from './app-config.js';

/** loadConfig's error for `env`, failing the test if it does not throw. */
function configErrorFor(env: Record<string, string>): Error {
  try {
    loadConfig(env);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('uses the defaults of the contract when nothing is set', () => {
    const config = loadConfig({});

    expect(config).toBeInstanceOf(AppConfig);
    expect(config).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'sqlite:data/registrations.db',
      FAULT_INJECTION: 'off',
      SAGA_STEP_MAX_ATTEMPTS: 3,
      SAGA_STEP_TIMEOUT_MS: 30_000,
      SAGA_COMPENSATION_MAX_ATTEMPTS: 5,
      SAGA_COMPENSATION_TIMEOUT_MS: 60_000,
      SAGA_RETRY_BASE_MS: 2_000,
      SAGA_RETRY_MAX_MS: 60_000,
    });
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ PORT: '', SAGA_STEP_MAX_ATTEMPTS: '', DATABASE_URL: '' });

    expect(config).toMatchObject({ PORT: 3000, SAGA_STEP_MAX_ATTEMPTS: 3, DATABASE_URL: 'sqlite:data/registrations.db' });
  });

  it('reads numbers and strings from the environment', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://app:secret@db:5432/registrations',
      FAULT_INJECTION: 'on',
      SAGA_STEP_MAX_ATTEMPTS: '7',
      SAGA_RETRY_BASE_MS: '10',
    });

    expect(config).toMatchObject({
      PORT: 8080,
      DATABASE_URL: 'postgres://app:secret@db:5432/registrations',
      FAULT_INJECTION: 'on',
      SAGA_STEP_MAX_ATTEMPTS: 7,
      SAGA_RETRY_BASE_MS: 10,
    });
  });

  it('accepts every database URL form of the contract', () => {
    for (const url of ['sqlite:data/x.db', 'sqlite::memory:', 'postgres://u:p@h:5432/db', 'postgresql://u:p@h:5432/db']) {
      expect(loadConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    }
  });

  it('ignores variables it does not know', () => {
    const config = loadConfig({ HOME: '/root', UNRELATED: 'x' }) as unknown as Record<string, unknown>;

    expect(config.HOME).toBeUndefined();
    expect(config.UNRELATED).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['FAULT_INJECTION', 'yes'],
    ['SAGA_STEP_MAX_ATTEMPTS', '0'],
    ['SAGA_STEP_MAX_ATTEMPTS', '2.5'],
    ['SAGA_COMPENSATION_MAX_ATTEMPTS', '-1'],
    ['SAGA_STEP_TIMEOUT_MS', '0'],
    ['PORT', ' '],
    ['PORT', '0x50'],
    ['SAGA_RETRY_BASE_MS', '1e3'],
    ['HTTP_HEADERS_TIMEOUT_MS', '0'],
    ['HTTP_MAX_CONNECTIONS', '0'],
  ])('rejects %s=%s with a one-line ConfigError naming the variable', (name, value) => {
    const error = configErrorFor({ [name]: value });

    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(name);
    expect(error.message).toContain(value);
    expect(error.message).not.toMatch(/\n/);
  });

  it('never prints the password of a URL it refuses', () => {
    const error = configErrorFor({ DATABASE_URL: 'mysql://app:hunter2-secret@db:3306/registrations' });

    expect(error.message).toMatch(/^Invalid environment variable DATABASE_URL="mysql:\/\/app:\*\*\*@db:3306\/registrations": /);
    expect(error.message).not.toContain('hunter2');
  });

  it('names the bad variable, not a good one next to it', () => {
    const error = configErrorFor({ PORT: '8080', DATABASE_URL: 'mysql://x' });

    expect(error.message).toMatch(/^Invalid environment variable DATABASE_URL="mysql:\/\/x": /);
    expect(error.message).not.toContain('PORT');
  });

  it('bounds slow clients and connections by default', () => {
    expect(loadConfig({})).toMatchObject({
      HTTP_HEADERS_TIMEOUT_MS: 10_000,
      HTTP_REQUEST_TIMEOUT_MS: 30_000,
      HTTP_KEEP_ALIVE_TIMEOUT_MS: 5_000,
      HTTP_MAX_CONNECTIONS: 1_024,
    });
  });

  it('refuses a headers timeout longer than the request timeout, which Node would not apply as set', () => {
    const error = configErrorFor({ HTTP_HEADERS_TIMEOUT_MS: '40000' });

    expect(error.message).toBe(
      'Invalid environment variable HTTP_HEADERS_TIMEOUT_MS="40000": HTTP_HEADERS_TIMEOUT_MS must not be more than HTTP_REQUEST_TIMEOUT_MS (30000)',
    );
    expect(loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '40000', HTTP_REQUEST_TIMEOUT_MS: '40000' }).HTTP_HEADERS_TIMEOUT_MS).toBe(40_000);
  });

  it('webhooks: a URL without a secret stops the start with one line; a short secret is refused without being shown', () => {
    expect(configErrorFor({ WEBHOOK_URL: 'http://127.0.0.1:9/hooks' }).message).toBe(
      'Invalid environment variable WEBHOOK_SECRET: WEBHOOK_SECRET is required when WEBHOOK_URL is set',
    );
    const short = configErrorFor({ WEBHOOK_URL: 'http://127.0.0.1:9/hooks', WEBHOOK_SECRET: 'tiny-secret' });
    expect(short.message).toBe('Invalid environment variable WEBHOOK_SECRET (value hidden): WEBHOOK_SECRET must be at least 16 characters');
    expect(configErrorFor({ WEBHOOK_URL: 'ftp://user:pw@x', WEBHOOK_SECRET: 'a-long-enough-secret' }).message).toBe(
      'Invalid environment variable WEBHOOK_URL (value hidden): WEBHOOK_URL must be an http(s):// URL',
    );
    expect(loadConfig({ WEBHOOK_URL: 'https://hooks.example.com/in', WEBHOOK_SECRET: 'a-long-enough-secret' })).toMatchObject({
      WEBHOOK_RETRY_BASE_MS: 1_000,
      WEBHOOK_RETRY_MAX_MS: 3_600_000,
      OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
    });
    expect(loadConfig({}).WEBHOOK_URL).toBeUndefined();
  });

  it('reads API_KEYS into keys and RATE_LIMIT_PER_MINUTE, with the defaults of the contract', () => {
    expect(loadConfig({})).toMatchObject({ API_KEYS: [], RATE_LIMIT_PER_MINUTE: 600 });
    const config = loadConfig({ API_KEYS: 'anna:operator:operator-secret-0123456789abcdef', RATE_LIMIT_PER_MINUTE: '0' });
    expect(config.API_KEYS).toEqual([{ name: 'anna', role: 'operator', secret: 'operator-secret-0123456789abcdef' }]);
    expect(config.RATE_LIMIT_PER_MINUTE).toBe(0);
  });

  it.each([
    ['anna:operator:Zq9shortZq9', 'Zq9shortZq9'],
    ['Zq9xk2Lp0Vb7Nm4Rt6Ws8Yd1Fh3', 'Zq9xk2Lp0Vb7Nm4Rt6Ws8Yd1Fh3'],
    ['anna:Zq9xk2Lp0Vb7Nm4Rt6Ws8Yd1Fh3:operator', 'Zq9xk2Lp0Vb7Nm4Rt6Ws8Yd1Fh3'],
  ])('refuses API_KEYS=%s in one line that names the variable and never shows the secret', (value, secret) => {
    const error = configErrorFor({ API_KEYS: value });

    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^Invalid environment variable API_KEYS \(value hidden\): entry 1 of 1/);
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toMatch(/\n/);
  });
});

describe('loadConfig: payment provider and mail transport', () => {
  const stripe = { PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_test_abc123' };
  const smtp = { MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://user:s3cret@mail.example.com:587', MAIL_FROM: 'Example <noreply@example.com>' };

  it('defaults to the sandbox for both, needing nothing else', () => {
    expect(loadConfig({})).toMatchObject({ PAYMENT_PROVIDER: 'sandbox', MAIL_TRANSPORT: 'sandbox', STRIPE_SECRET_KEY: undefined, SMTP_URL: undefined });
  });

  it('reads Stripe and SMTP settings', () => {
    expect(loadConfig({ ...stripe, STRIPE_API_URL: 'http://127.0.0.1:12111', ...smtp })).toMatchObject({
      ...stripe,
      STRIPE_API_URL: 'http://127.0.0.1:12111',
      ...smtp,
      SMTP_TIMEOUT_MS: 10_000,
    });
    expect(loadConfig({ ...smtp, SMTP_URL: 'smtps://mail.example.com', MAIL_FROM: 'noreply@example.com' }).MAIL_FROM).toBe('noreply@example.com');
  });

  it.each([
    [{ PAYMENT_PROVIDER: 'stripe' }, 'Invalid environment variable STRIPE_SECRET_KEY: STRIPE_SECRET_KEY is required when PAYMENT_PROVIDER=stripe'],
    [{ MAIL_TRANSPORT: 'smtp', MAIL_FROM: 'a@b.c' }, 'Invalid environment variable SMTP_URL: SMTP_URL is required when MAIL_TRANSPORT=smtp'],
    [{ MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://h' }, 'Invalid environment variable MAIL_FROM: MAIL_FROM is required when MAIL_TRANSPORT=smtp'],
  ])('stops without what the provider needs: %j', (env, message) => {
    expect(configErrorFor(env).message).toBe(message);
  });

  it.each([
    ['STRIPE_SECRET_KEY', 'pk_live_publishable0123', stripe],
    ['SMTP_URL', 'http://user:s3cret@mail.example.com', smtp],
  ])('names a malformed secret %s without showing it', (name, value, base) => {
    const error = configErrorFor({ ...base, [name]: value });
    expect(error.message).toMatch(new RegExp(`^Invalid environment variable ${name} \\(value hidden\\): `));
    expect(error.message).not.toContain(value);
    expect(error.message).not.toContain('s3cret');
  });

  it.each([
    ['PAYMENT_PROVIDER', 'paypal'],
    ['MAIL_TRANSPORT', 'sendmail'],
    ['STRIPE_API_URL', 'ftp://stripe.example'],
    ['STRIPE_API_URL', 'https://proxy.example/v1'],
    ['MAIL_FROM', 'not an address'],
  ])('rejects %s=%s', (name, value) => {
    const error = configErrorFor({ ...stripe, ...smtp, [name]: value });
    expect(error.message).toContain(`Invalid environment variable ${name}="${value}"`);
  });
});
