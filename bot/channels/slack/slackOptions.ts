import type { Locale } from "../../../flows/index.js";
import type { TriageConfig } from "../../config/config.js";

/** How the Slack channel runs; built from SLACK_* (bot/config/config.ts), tests override the API URL. */
export interface SlackChannelOptions {
  botToken: string;
  /** HTTP mode (events at `path` on our server): the signing secret. */
  signingSecret?: string;
  /** Socket Mode instead of HTTP when set (xapp-... token). */
  appToken?: string;
  /** Channel id where EMERGENCY/URGENT cases and SLA breaches are announced. */
  cliniciansChannel?: string;
  /** The language of what is posted there (SLACK_CLINICIANS_LOCALE); patients keep their own. */
  cliniciansLocale: Locale;
  path: string;
  /** Largest request body read at `path` (HTTP_MAX_BODY_BYTES); bigger ones get 413 unread. */
  maxBodyBytes: number;
  /** Base of the Web API, e.g. "http://127.0.0.1:PORT/api/" in tests; Slack's by default. */
  slackApiUrl?: string;
  /** The flow a first DM or a bare `/triage` starts. */
  defaultFlow: string;
  ackTimeoutMs: number;
  /** Socket Mode: wait before reconnecting after a drop or a failed attempt, growing with each failure (Bolt waits 5 s too). */
  socketReconnectDelayMs: number;
  /** WebClient retries (429 with Retry-After, 5xx, network) before a call is logged as failed. */
  retries: number;
}

export type SlackSetup = { enabled: true; options: SlackChannelOptions } | { enabled: false; reason: string };

/** Given the configuration, returns the Slack channel's options, or why it is off. */
export function slackSetup(config: TriageConfig, overrides: Partial<SlackChannelOptions> = {}): SlackSetup {
  const env = config.env;
  if (!env.SLACK_BOT_TOKEN) return { enabled: false, reason: "SLACK_BOT_TOKEN is not set" };
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) return { enabled: false, reason: "set SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)" };
  return {
    enabled: true,
    options: {
      botToken: env.SLACK_BOT_TOKEN,
      ...(env.SLACK_SIGNING_SECRET ? { signingSecret: env.SLACK_SIGNING_SECRET } : {}),
      ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
      ...(env.SLACK_CLINICIANS_CHANNEL ? { cliniciansChannel: env.SLACK_CLINICIANS_CHANNEL } : {}),
      cliniciansLocale: env.SLACK_CLINICIANS_LOCALE ?? config.defaultLocale,
      path: "/slack/events",
      maxBodyBytes: env.HTTP_MAX_BODY_BYTES,
      defaultFlow: "general",
      ackTimeoutMs: 2_500,
      socketReconnectDelayMs: 5_000,
      retries: 5,
      ...overrides,
    },
  };
}

/** The one line `npm start` prints about Slack. */
export function describeSlack(setup: SlackSetup, publicUrl: string): string {
  if (!setup.enabled) return `Slack: off (${setup.reason})`;
  const o = setup.options;
  const mode = o.appToken ? "Socket Mode" : `HTTP at ${publicUrl}${o.path}`;
  return `Slack: on (${mode}; clinicians' channel ${o.cliniciansChannel ? `${o.cliniciansChannel} in ${o.cliniciansLocale}` : "not set"})`;
}
