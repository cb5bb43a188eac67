import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, MinLength, Validate, ValidateBy, ValidateIf, type ValidationArguments, ValidatorConstraint, type ValidatorConstraintInterface, validateSync } from 'class-validator';
import { type ApiKey, InvalidApiKeys, parseApiKeys } from '../infra/auth/api-keys.js';

/** Whole decimal numbers only: `1e3`, `0x50` or ` ` are mistakes, not numbers. */
const toInt = ({ value }: { value: unknown }) => {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  return /^\d+$/.test(text) ? Number(text) : Number.NaN;
};

/** The value may not exceed another setting's (read from the same object). */
const NotAbove = (other: 'HTTP_REQUEST_TIMEOUT_MS') =>
  ValidateBy({
    name: 'notAbove',
    constraints: [other],
    validator: {
      validate: (value, args) => typeof value !== 'number' || value <= (args!.object as AppConfig)[other],
      defaultMessage: (args) => `${args!.property} must not be more than ${other} (${(args!.object as AppConfig)[other]})`,
    },
  });

@ValidatorConstraint({ name: 'apiKeys' })
class ApiKeysAreValid implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return Array.isArray(value);
  }

  defaultMessage(args: ValidationArguments): string {
    return args.value instanceof InvalidApiKeys ? args.value.reason : 'must be name:role:secret entries, comma-separated';
  }
}

/** Variables whose value is a credential: a bad one is named, never shown. */
const SECRET_VARIABLES = new Set(['API_KEYS', 'STRIPE_SECRET_KEY', 'SMTP_URL', 'WEBHOOK_SECRET', 'WEBHOOK_URL', 'OTEL_EXPORTER_OTLP_ENDPOINT']);

/**
 * The service's configuration, read from the environment once at start-up and checked there:
 * a bad value stops the process before it serves anything (see main.ts).
 */
export class AppConfig {
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString()
  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, { message: 'must be sqlite:<path>, sqlite::memory: or postgres://user:pass@host:port/db' })
  DATABASE_URL = 'sqlite:data/registrations.db';

  @IsIn(['on', 'off'])
  FAULT_INJECTION: 'on' | 'off' = 'off';

  @Transform(toInt) @IsInt() @Min(1) @Max(100)
  SAGA_STEP_MAX_ATTEMPTS = 3;

  @Transform(toInt) @IsInt() @Min(1) @Max(3_600_000)
  SAGA_STEP_TIMEOUT_MS = 30_000;

  @Transform(toInt) @IsInt() @Min(1) @Max(100)
  SAGA_COMPENSATION_MAX_ATTEMPTS = 5;

  @Transform(toInt) @IsInt() @Min(1) @Max(3_600_000)
  SAGA_COMPENSATION_TIMEOUT_MS = 60_000;

  @Transform(toInt) @IsInt() @Min(0) @Max(3_600_000)
  SAGA_RETRY_BASE_MS = 2_000;

  @Transform(toInt) @IsInt() @Min(0) @Max(86_400_000)
  SAGA_RETRY_MAX_MS = 60_000;

  /** How often the scheduler looks for due retries, expired attempts and orphaned sagas. */
  @Transform(toInt) @IsInt() @Min(5) @Max(60_000)
  SAGA_POLL_INTERVAL_MS = 200;

  /**
   * How long an outstanding attempt belongs to the instance that sent it. The instance renews
   * it while alive; after it lapses (the instance died) another instance sends the attempt again.
   */
  @Transform(toInt) @IsInt() @Min(100) @Max(600_000)
  SAGA_LEASE_MS = 5_000;

  /** A saga unfinished for longer than this is reported as stuck (metrics, GET /sagas?stuck=true). */
  @Transform(toInt) @IsInt() @Min(1) @Max(2_592_000_000)
  SAGA_STUCK_AFTER_MS = 300_000;

  /** On shutdown, how long to wait for attempts this process sent to be answered. */
  @Transform(toInt) @IsInt() @Min(0) @Max(9_000)
  SHUTDOWN_DRAIN_MS = 5_000;

  /**
   * How long a client may take to send a request's headers before it is answered 408 and cut
   * off (Node's default is 60 s: a slow client holds a connection that long for nothing).
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(600_000) @NotAbove('HTTP_REQUEST_TIMEOUT_MS')
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /**
   * How long a client may take to send a whole request, headers and body (Node's default: 300 s).
   * It ends when the request is received: a `Prefer: wait=30` answer may take longer.
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(600_000)
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  /** How long an idle keep-alive connection stays open; behind a load balancer, above its idle timeout. */
  @Transform(toInt) @IsInt() @Min(1) @Max(600_000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 5_000;

  /** Connections open at once; one more is closed as soon as it is accepted (Node's default: no limit). */
  @Transform(toInt) @IsInt() @Min(1) @Max(1_000_000)
  HTTP_MAX_CONNECTIONS = 1_024;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  /** `json` lines for log shippers, or `pretty`: the saga narration for a person. */
  @IsIn(['json', 'pretty'])
  LOG_FORMAT: 'json' | 'pretty' = 'json';

  /**
   * Credentials, `name:role:secret` comma-separated (roles viewer < operator < admin, secrets of
   * at least 24 characters). Unset: only the routes open to anyone answer.
   */
  @Transform(({ value }) => (typeof value === 'string' ? parseApiKeys(value) : value))
  @Validate(ApiKeysAreValid)
  API_KEYS: ApiKey[] = [];

  /** POST requests one client address may make per minute before a 429; 0 turns the limit off. */
  @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE = 600;

  /** Simulated round trip of the sandbox card network and mail provider. */
  @Transform(toInt) @IsInt() @Min(0) @Max(60_000)
  SANDBOX_LATENCY_MS = 5;

  // --- Providers: which card network and mail transport sit behind the ports (payments, notifications).

  @IsIn(['sandbox', 'stripe'])
  PAYMENT_PROVIDER: 'sandbox' | 'stripe' = 'sandbox';

  /** A secret: never logged, never echoed in an error (see SECRET_VARIABLES). */
  @ValidateIf((c: AppConfig) => c.PAYMENT_PROVIDER === 'stripe')
  @IsString({ message: 'STRIPE_SECRET_KEY is required when PAYMENT_PROVIDER=stripe' })
  @Matches(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, { message: 'STRIPE_SECRET_KEY must be a Stripe secret or restricted key (sk_test_..., sk_live_..., rk_...)' })
  STRIPE_SECRET_KEY: string | undefined = undefined;

  /** The API's base URL, for a proxy or a local stand-in; unset: api.stripe.com. */
  @ValidateIf((c: AppConfig) => c.STRIPE_API_URL !== undefined)
  @Matches(/^https?:\/\/[^/?#\s]+\/?$/, { message: 'STRIPE_API_URL must be http(s)://host[:port] without a path' })
  STRIPE_API_URL: string | undefined = undefined;

  @IsIn(['sandbox', 'smtp'])
  MAIL_TRANSPORT: 'sandbox' | 'smtp' = 'sandbox';

  /** `smtp://user:pass@host:587` or `smtps://...`; holds a password, so it is a secret too. */
  @ValidateIf((c: AppConfig) => c.MAIL_TRANSPORT === 'smtp')
  @IsString({ message: 'SMTP_URL is required when MAIL_TRANSPORT=smtp' })
  @Matches(/^smtps?:\/\/[^/?#\s]+(\/?|\/?\?\S*)$/, { message: 'SMTP_URL must be smtp://[user:pass@]host[:port] or smtps://...' })
  SMTP_URL: string | undefined = undefined;

  /** The sender of every e-mail: `noreply@example.com` or `Example <noreply@example.com>`. */
  @ValidateIf((c: AppConfig) => c.MAIL_TRANSPORT === 'smtp')
  @IsString({ message: 'MAIL_FROM is required when MAIL_TRANSPORT=smtp' })
  @Matches(/^([^<>]*<[^<>\s]+@[^<>\s]+>|[^<>\s]+@[^<>\s]+)$/, { message: 'MAIL_FROM must be an address, or Name <address>' })
  MAIL_FROM: string | undefined = undefined;

  /** Connection, greeting and socket time limit of the SMTP transport; keep it under SAGA_STEP_TIMEOUT_MS. */
  @Transform(toInt) @IsInt() @Min(100) @Max(600_000)
  SMTP_TIMEOUT_MS = 10_000;

  // --- Telling the world: webhooks (src/saga/webhooks) and traces (src/infra/tracing).

  /** Where saga notifications are POSTed; unset: none are written or sent. */
  @ValidateIf((c: AppConfig) => c.WEBHOOK_URL !== undefined)
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'WEBHOOK_URL must be an http(s):// URL' })
  WEBHOOK_URL: string | undefined = undefined;

  /** The HMAC key the notifications are signed with; a secret (never logged, never echoed). */
  @ValidateIf((c: AppConfig) => c.WEBHOOK_URL !== undefined || c.WEBHOOK_SECRET !== undefined)
  @IsString({ message: 'WEBHOOK_SECRET is required when WEBHOOK_URL is set' })
  @MinLength(16, { message: 'WEBHOOK_SECRET must be at least 16 characters' })
  WEBHOOK_SECRET: string | undefined = undefined;

  /** Backoff of a failed delivery: base * 2^(n-1) plus jitter, capped at WEBHOOK_RETRY_MAX_MS. */
  @Transform(toInt) @IsInt() @Min(1) @Max(3_600_000)
  WEBHOOK_RETRY_BASE_MS = 1_000;

  @Transform(toInt) @IsInt() @Min(1) @Max(86_400_000)
  WEBHOOK_RETRY_MAX_MS = 3_600_000;

  /** OTLP/HTTP collector base URL (`/v1/traces` is appended); unset: tracing off. */
  @ValidateIf((c: AppConfig) => c.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined)
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s):// URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT: string | undefined = undefined;
}

export class ConfigError extends Error {}

/** A URL's password (`postgres://app:secret@db/x`) masked, so an error about the URL never prints it. */
const withoutPassword = (value: string) => value.replace(/(\/\/[^:/@\s]*:)[^@/\s]*@/, '$1***@');

/** Builds the configuration from an environment, throwing a one-line ConfigError naming the bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const given = Object.fromEntries(known.filter((key) => env[key] !== undefined && env[key] !== '').map((key) => [key, env[key]]));
  const config = plainToInstance(AppConfig, given);
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) {
    const first = errors[0];
    const constraints = first.constraints ?? {};
    // A value of the wrong type fails its range checks too; name the type problem first.
    const reason = constraints.isInt ?? constraints.isString ?? Object.values(constraints)[0] ?? 'is invalid';
    const value = env[first.property];
    const shown = value === undefined || value === '' ? '' : SECRET_VARIABLES.has(first.property) ? ' (value hidden)' : `=${JSON.stringify(withoutPassword(value))}`;
    throw new ConfigError(`Invalid environment variable ${first.property}${shown}: ${reason}`);
  }
  return config;
}
