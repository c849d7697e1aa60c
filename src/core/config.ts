import type { S3Settings } from '../files/blobs.js';
import path from 'node:path';
import { z } from 'zod';

/**
 * One typed, validated configuration object read from the environment. Every variable is
 * documented in `.env.example`. A bad value stops start-up with a readable list of what is wrong.
 */
const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const schema = z.object({
  DATABASE_URL: z
    .string()
    .min(1)
    .refine((v) => /^(postgres(ql)?:\/\/|sqlite:|file:)/.test(v) || !v.includes('://'), {
      message: 'must be postgres://… or a SQLite file path (sqlite:PATH, file:PATH or a plain path)',
    })
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  CITYLOOP_DATA_DIR: z.string().min(1).default('data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  CITYLOOP_DEMO: booleanish.default(true),
  CITYLOOP_TIMERS: booleanish.default(true),
  CITYLOOP_DEMO_HISTORY_DAYS: z.coerce.number().int().min(0).max(365).default(21),
  CITYLOOP_MAX_UPLOAD_MB: z.coerce.number().positive().max(2048).default(50),
  CITYLOOP_TILE_URL: z.string().url().optional(),
  CITYLOOP_PUBLIC_URL: z.string().url().optional(),
  CITYLOOP_COOKIE_SECURE: z.union([z.literal('auto'), booleanish]).default('auto'),
  CITYLOOP_TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2}|[0-9a-fA-F.:/,\s]+)$/, 'true, false, a hop count or a comma-separated list of proxy addresses/CIDRs')
    .default('false'),
  CITYLOOP_METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  CITYLOOP_RATE_LOGIN_PER_MIN: z.coerce.number().int().min(0).max(1_000_000).default(60),
  CITYLOOP_RATE_INTAKE_PER_MIN: z.coerce.number().int().min(0).max(1_000_000).default(600),
  CITYLOOP_SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL', 'normal', 'full']).default('NORMAL').transform((v) => v.toUpperCase() as 'NORMAL' | 'FULL'),
  CITYLOOP_MERGE_MAX_DISTANCE_M: z.coerce.number().positive().max(100_000).default(1000),
  CITYLOOP_SEAL_MINUTES: z.coerce.number().min(0).max(1440).default(10),
  CITYLOOP_SEAL_DIR: z.string().optional(),
  CITYLOOP_TSA_URL: z.string().url().optional(),
  NATS_URL: z.string().regex(/^(nats|tls|wss?):\/\/\S+$|^[\w.-]+:\d+$/, 'must be nats://host:port (or host:port)').optional(),
  CITYLOOP_WORKER: z.coerce.number().int().min(1).optional(),
  CITYLOOP_S3_ENDPOINT: z.string().regex(/^https?:\/\/[^/\s]+\/?$/, 'must be http(s)://host[:port] of the S3 API').optional(),
  CITYLOOP_S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name: 3–63 lower-case letters, digits, dots and hyphens').optional(),
  CITYLOOP_S3_REGION: z.string().min(1).default('us-east-1'),
  CITYLOOP_S3_ACCESS_KEY: z.string().min(1).optional(),
  CITYLOOP_S3_SECRET_KEY: z.string().min(1).optional(),
  CITYLOOP_S3_PREFIX: z.string().regex(/^([\w.-]+\/)*$/, 'empty, or folder names each ending in /').default(''),
  MQTT_PORT: z.coerce.number().int().min(0).max(65535).default(1884),
  MQTT_URL: z.string().regex(/^(mqtts?|wss?|tcp):\/\/\S+$/, 'must be mqtt://host:port (or mqtts://, ws://, wss://)').optional(),
  CITYLOOP_MQTT: booleanish.default(true),
  IOT_RAW_DAYS: z.coerce.number().int().min(0).max(3650).default(7),
  IOT_ALARM_BUDGET_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
  NATS_SUBJECT_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'must be dot-separated letters, digits, - or _').default('cityloop'),
});

function trustProxyOf(v: string): boolean | number | string[] {
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

export type Config = {
  databaseUrl: string;
  dialect: 'sqlite' | 'postgres';
  port: number;
  host: string;
  dataDir: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** auto: readable on a terminal, JSON lines otherwise. */
  logFormat: z.infer<typeof schema>['LOG_FORMAT'];
  demo: boolean;
  demoHistoryDays: number;
  timers: boolean;
  maxUploadBytes: number;
  tileUrl: string | undefined;
  /** Where the public reaches this installation (links in texts to citizens and parties), e.g. https://cg.example.gov.cn. */
  publicUrl: string | undefined;
  /** Session cookie `Secure`: always, never, or `auto` (whenever the request came over HTTPS). */
  cookieSecure: boolean | 'auto';
  /** Fastify's trustProxy: whose X-Forwarded-For/-Proto to believe (false: nobody's). */
  trustProxy: boolean | number | string[];
  /** When set, /metrics answers only `Authorization: Bearer <token>`; unset, only direct loopback requests. */
  metricsToken: string | undefined;
  /** Per-address limits per minute (0 = off). */
  rateLimitLoginPerMinute: number;
  rateLimitIntakePerMinute: number;
  /** SQLite: NORMAL survives a killed process, FULL also a power cut (README, Durability). */
  sqliteSynchronous: 'NORMAL' | 'FULL';
  /** How far apart (metres) a duplicate and the case it is merged into may be. */
  mergeMaxDistanceM: number;
  /** Seal the heads of every stream this often, in minutes (0: only on demand). README, Integrity. */
  sealMinutes: number;
  /** When set, every seal's export file is written here too (a directory an outside party copies). */
  sealDir: string | undefined;
  /** An RFC 3161 timestamp authority to countersign each seal's hash (unset: none). */
  tsaUrl: string | undefined;
  /** NATS with JetStream: domain events cross processes (unset: in-process bus). */
  natsUrl: string | undefined;
  /** Subjects are `<prefix>.<event name>`; the stream is named after the prefix. Processes of one installation share it. */
  natsPrefix: string;
  /** Evidence files in an S3-compatible object store (CITYLOOP_S3_*), or null: the data folder. */
  objectStore: S3Settings | null;
  /** `serve --workers`: this process's worker number (set by the primary), else null. */
  worker: number | null;
  /** The embedded MQTT broker's port (devices publish to cityloop/devices/{id}/telemetry). */
  mqttPort: number;
  /** An external broker to subscribe to instead of the embedded one. */
  mqttUrl: string | undefined;
  /** Start MQTT ingest with `serve` (embedded broker, or the external one with MQTT_URL). */
  mqtt: boolean;
  /** Days raw readings are kept (0: none kept; minute aggregates are kept regardless). */
  iotRawDays: number;
  /** Alarms one device may raise per hour; more are counted and dropped (a broken sensor floods no one). */
  iotAlarmBudgetPerHour: number;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration 配置有误:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the config from an environment (default: process.env). Throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message} (got ${JSON.stringify(cleaned[String(i.path[0])])})`),
    );
  }
  const e = parsed.data;
  const s3 = [e.CITYLOOP_S3_ENDPOINT, e.CITYLOOP_S3_BUCKET, e.CITYLOOP_S3_ACCESS_KEY, e.CITYLOOP_S3_SECRET_KEY];
  if (s3.some(Boolean) && !s3.every(Boolean)) {
    throw new ConfigError(['CITYLOOP_S3_ENDPOINT, CITYLOOP_S3_BUCKET, CITYLOOP_S3_ACCESS_KEY and CITYLOOP_S3_SECRET_KEY go together: set all four for an object store, or none for the data folder']);
  }
  const dataDir = path.resolve(e.CITYLOOP_DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'cityloop.sqlite')}`;
  return {
    databaseUrl,
    dialect: /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgres' : 'sqlite',
    port: e.PORT,
    host: e.HOST,
    dataDir,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    demo: e.CITYLOOP_DEMO,
    demoHistoryDays: e.CITYLOOP_DEMO_HISTORY_DAYS,
    timers: e.CITYLOOP_TIMERS,
    maxUploadBytes: Math.round(e.CITYLOOP_MAX_UPLOAD_MB * 1024 * 1024),
    tileUrl: e.CITYLOOP_TILE_URL,
    publicUrl: e.CITYLOOP_PUBLIC_URL?.replace(/\/+$/, ''),
    cookieSecure: e.CITYLOOP_COOKIE_SECURE,
    trustProxy: trustProxyOf(e.CITYLOOP_TRUST_PROXY),
    metricsToken: e.CITYLOOP_METRICS_TOKEN,
    rateLimitLoginPerMinute: e.CITYLOOP_RATE_LOGIN_PER_MIN,
    rateLimitIntakePerMinute: e.CITYLOOP_RATE_INTAKE_PER_MIN,
    sqliteSynchronous: e.CITYLOOP_SQLITE_SYNCHRONOUS,
    mergeMaxDistanceM: e.CITYLOOP_MERGE_MAX_DISTANCE_M,
    sealMinutes: e.CITYLOOP_SEAL_MINUTES,
    sealDir: e.CITYLOOP_SEAL_DIR ? path.resolve(e.CITYLOOP_SEAL_DIR) : undefined,
    tsaUrl: e.CITYLOOP_TSA_URL,
    natsUrl: e.NATS_URL,
    natsPrefix: e.NATS_SUBJECT_PREFIX,
    worker: e.CITYLOOP_WORKER ?? null,
    objectStore: e.CITYLOOP_S3_ENDPOINT
      ? { endpoint: e.CITYLOOP_S3_ENDPOINT.replace(/\/$/, ''), bucket: e.CITYLOOP_S3_BUCKET!, region: e.CITYLOOP_S3_REGION, accessKeyId: e.CITYLOOP_S3_ACCESS_KEY!, secretAccessKey: e.CITYLOOP_S3_SECRET_KEY!, prefix: e.CITYLOOP_S3_PREFIX }
      : null,
    mqttPort: e.MQTT_PORT,
    mqttUrl: e.MQTT_URL,
    mqtt: e.CITYLOOP_MQTT,
    iotRawDays: e.IOT_RAW_DAYS,
    iotAlarmBudgetPerHour: e.IOT_ALARM_BUDGET_PER_HOUR,
  };
}
