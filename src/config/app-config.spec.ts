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
});
