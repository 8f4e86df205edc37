import { readFileSync } from "node:fs";
import { z } from "zod";
import { URGENCY_LEVELS, type Locale, type Urgency } from "../../flows/index.js";
import { cidrProblem } from "../http/clientIp.js";

/** Configuration from the environment, parsed once at the edge (STYLE.md practice 8). */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** Public base URL used in printed links and Slack messages. */
  PUBLIC_URL: z.string().url().optional(),
  DATABASE_URL: z.string().default("file:./data/triage.db"),
  REDIS_URL: z.string().optional(),
  TRIAGE_COUNTRY: z.enum(["FR", "MA"]).default("FR"),
  TRIAGE_DEFAULT_LOCALE: z.enum(["fr", "en"]).default("fr"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  WS_MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * 1024),
  /** Largest HTTP request body on every door (Slack events, console API, form actions): 413 past it, unread. */
  HTTP_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  /** Reverse proxies whose X-Forwarded-For entries are believed (IPs or CIDRs, comma or space separated); unset: none. */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      for (const entry of (value ?? "").split(/[\s,]+/).filter(Boolean)) {
        const problem = cidrProblem(entry);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }
    }),
  /** Deprecated: "true" alone now trusts proxies on this host and private networks (bot/http/clientIp.ts). */
  TRUST_PROXY: z.enum(["true", "false", "1", "0"]).optional(),
  /** Sites allowed to frame the chat page (the widget): "*" (default) or origins separated by spaces or commas. The console is never framed. */
  WIDGET_ALLOWED_ORIGINS: z
    .string()
    .default("*")
    .transform((value, ctx): "*" | string[] => {
      const items = value.split(/[\s,]+/).filter(Boolean);
      if (items.length === 0 || (items.length === 1 && items[0] === "*")) return "*";
      const origins: string[] = [];
      for (const item of items) {
        let origin: string | undefined;
        try {
          const url = new URL(item);
          if ((url.protocol === "https:" || url.protocol === "http:") && url.origin === item.replace(/\/$/, "")) origin = url.origin;
        } catch {
          origin = undefined;
        }
        if (!origin) ctx.addIssue({ code: "custom", message: `not an origin (scheme://host[:port]): ${item.slice(0, 80)}` });
        else origins.push(origin);
      }
      return origins;
    }),
  SLA_MINUTES_EMERGENCY: z.coerce.number().positive().default(5),
  SLA_MINUTES_URGENT: z.coerce.number().positive().default(15),
  SLA_MINUTES_SOON: z.coerce.number().positive().default(240),
  /** How often each process checks whether the stored settings changed without it hearing so (a missed bus event). */
  SETTINGS_RECHECK_SECONDS: z.coerce.number().positive().max(86_400).default(60),
  ONCALL_WEBHOOK_URL: z.string().url().optional(),
  /** Serves GET /metrics (Prometheus) to holders of this bearer token; unset: not served. */
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  /** On SIGTERM, how long /readyz answers 503 while everything is still served, so a load balancer stops sending first. */
  TRIAGE_DRAIN_SECONDS: z.coerce.number().min(0).max(300).default(0),
  /** OpenAI-compatible endpoint of the optional LLM assist (bot/llm); unset with LLM_MODEL: the assist is off. */
  LLM_BASE_URL: z.string().url().optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_MODEL: z.string().min(1).max(200).optional(),
  /** Patient-facing calls (suggestions, parsed answers) give up after this: at most 3 s, the patient never waits longer. */
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(3000).default(3000),
  /** The clinicians' case summary, made off the patient's path, may take longer. */
  LLM_SUMMARY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(20_000),
  LLM_MAX_CALLS_PER_SESSION: z.coerce.number().int().min(1).max(1000).default(20),
  LLM_MAX_CALLS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  /** Ed25519 private key (PKCS#8 PEM) that signs the audit checkpoints, kept outside the database: a file path, or the PEM itself. */
  AUDIT_SIGNING_KEY_FILE: z.string().min(1).max(4096).optional(),
  AUDIT_SIGNING_KEY: z.string().min(1).max(16_384).optional(),
  /** How often the audit chain heads are signed and checkpointed outside the database. */
  AUDIT_CHECKPOINT_SECONDS: z.coerce.number().int().min(5).max(86_400).default(300),
  /** Append-only JSON-lines file that receives the signed checkpoints. */
  AUDIT_CHECKPOINT_FILE: z.string().min(1).max(4096).optional(),
  /** Receives each signed checkpoint as a JSON POST. */
  AUDIT_CHECKPOINT_WEBHOOK_URL: z.string().url().optional(),
  /** OpenTelemetry traces of patient turns (bot/telemetry), sent over OTLP/HTTP; unset: off. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).max(200).optional(),
  /** Retention per kind of health data, in days (bot/retention/retentionPolicy.ts); unset: kept until erased on request. */
  RETENTION_TRANSCRIPT_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
  RETENTION_FREE_TEXT_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
  RETENTION_CASE_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
  RETENTION_AUDIT_PAYLOAD_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
  /** How often each instance applies the retention periods (when any is set). */
  RETENTION_RUN_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
  /** A patient's resume token stops opening the session this long after its last activity (and at once when its case is closed). */
  RESUME_TOKEN_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(24),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_BOT_TOKEN: z.string().optional(),
  SLACK_APP_TOKEN: z.string().optional(),
  SLACK_CLINICIANS_CHANNEL: z.string().optional(),
  /** Language of the clinicians' channel (alerts, SLA breaches, "taken by"); default TRIAGE_DEFAULT_LOCALE. */
  SLACK_CLINICIANS_LOCALE: z.enum(["fr", "en"]).optional(),
});

export type Env = z.infer<typeof envSchema>;

/** The environment variables Triage reads (some share a prefix with error codes, e.g. TRIAGE_COUNTRY). */
export const ENV_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

const numberSchema = z.object({ number: z.string().regex(/^[0-9+ ]+$/), label: z.object({ fr: z.string(), en: z.string() }) });
const emergencyFileSchema = z.object({ FR: z.array(numberSchema).min(1), MA: z.array(numberSchema).min(1) });
export type EmergencyNumberEntry = z.infer<typeof numberSchema>;

export interface TriageConfig {
  env: Env;
  country: Env["TRIAGE_COUNTRY"];
  /** The deployment's emergency numbers, shown first on EMERGENCY (bot/config/emergencyNumbers.json). */
  emergencyNumbers: EmergencyNumberEntry[];
  /** Hand-off SLA per urgency level, in minutes (levels without a hand-off have none). */
  slaMinutes: Partial<Record<Urgency, number>>;
  defaultLocale: Locale;
}

const crisisFileSchema = z.object({
  crisisLines: z
    .object({ FR: z.array(numberSchema), MA: z.array(numberSchema) })
    .partial()
    .optional(),
});

/** Mental-health crisis lines of a country (same file as the emergency numbers; empty where none is official). */
export function loadCrisisLines(country: Env["TRIAGE_COUNTRY"]): EmergencyNumberEntry[] {
  const file = new URL("./emergencyNumbers.json", import.meta.url);
  return crisisFileSchema.parse(JSON.parse(readFileSync(file, "utf8"))).crisisLines?.[country] ?? [];
}

/** Reads the emergency numbers file (one place for the whole deployment). */
export function loadEmergencyNumbers(country: Env["TRIAGE_COUNTRY"]): EmergencyNumberEntry[] {
  const file = new URL("./emergencyNumbers.json", import.meta.url);
  return emergencyFileSchema.parse(JSON.parse(readFileSync(file, "utf8")))[country];
}

/** Given an environment (default: process.env), returns the typed configuration or throws a readable error. */
export function loadConfig(source: Record<string, string | undefined> = process.env): TriageConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  if ((env.AUDIT_CHECKPOINT_FILE || env.AUDIT_CHECKPOINT_WEBHOOK_URL) && !env.AUDIT_SIGNING_KEY_FILE && !env.AUDIT_SIGNING_KEY) {
    throw new Error(
      "Invalid configuration:\n  AUDIT_CHECKPOINT_FILE / AUDIT_CHECKPOINT_WEBHOOK_URL: checkpoints are signed; set AUDIT_SIGNING_KEY_FILE (create one with `triage audit keygen --out <file>`)",
    );
  }
  if ((env.LLM_BASE_URL === undefined) !== (env.LLM_MODEL === undefined)) {
    throw new Error("Invalid configuration:\n  LLM_BASE_URL and LLM_MODEL: set both to turn the LLM assist on, or neither");
  }
  return {
    env,
    country: env.TRIAGE_COUNTRY,
    emergencyNumbers: loadEmergencyNumbers(env.TRIAGE_COUNTRY),
    slaMinutes: { EMERGENCY: env.SLA_MINUTES_EMERGENCY, URGENT: env.SLA_MINUTES_URGENT, SOON: env.SLA_MINUTES_SOON },
    defaultLocale: env.TRIAGE_DEFAULT_LOCALE,
  };
}

export { URGENCY_LEVELS };
