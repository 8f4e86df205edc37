import type { Env } from "../config/config.js";

/*
 * How long each kind of health data is kept (issue 25), in days after the fact named below; a
 * kind without a period is kept until a patient asks for erasure. Set by RETENTION_*_DAYS.
 */

export interface RetentionPolicy {
  /** Transcripts, stored replies and the answers in a session's state: days after the session's last activity. */
  transcriptDays?: number;
  /** Free text (typed messages, the live chat, case notes and disposition notes, call-back numbers): days after the session's last activity. */
  freeTextDays?: number;
  /** Hand-off cases and their notes: days after the case was closed. */
  caseDays?: number;
  /** Audit payloads of session chains (the digests stay): days after the event. */
  auditPayloadDays?: number;
}

export const RETENTION_KINDS = ["transcripts", "freeText", "cases", "auditPayloads"] as const;

/** Given the configuration, returns the retention policy. */
export function retentionPolicy(
  env: Pick<Env, "RETENTION_TRANSCRIPT_DAYS" | "RETENTION_FREE_TEXT_DAYS" | "RETENTION_CASE_DAYS" | "RETENTION_AUDIT_PAYLOAD_DAYS">,
): RetentionPolicy {
  const policy: RetentionPolicy = {};
  if (env.RETENTION_TRANSCRIPT_DAYS !== undefined) policy.transcriptDays = env.RETENTION_TRANSCRIPT_DAYS;
  if (env.RETENTION_FREE_TEXT_DAYS !== undefined) policy.freeTextDays = env.RETENTION_FREE_TEXT_DAYS;
  if (env.RETENTION_CASE_DAYS !== undefined) policy.caseDays = env.RETENTION_CASE_DAYS;
  if (env.RETENTION_AUDIT_PAYLOAD_DAYS !== undefined) policy.auditPayloadDays = env.RETENTION_AUDIT_PAYLOAD_DAYS;
  return policy;
}

/** Whether the policy removes anything at all. */
export function hasRetention(policy: RetentionPolicy): boolean {
  return Object.values(policy).some((days) => days !== undefined);
}

/** Given a time and a number of days, returns the cut-off before which data goes. */
export function cutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}
