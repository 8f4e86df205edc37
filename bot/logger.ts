import pino from "pino";

/**
 * The structured application logger. Never log patient data (answers, free text, message
 * bodies): log ids, codes, counts and durations only. Patient data lives in the database.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "triage" },
  redact: { paths: ["*.text", "*.body", "*.answers", "*.value", "*.password"], censor: "[redacted]" },
});

export type Logger = pino.Logger;
