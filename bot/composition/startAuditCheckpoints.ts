import type { Env } from "../config/config.js";
import type { Logger } from "../logger.js";
import type { TriageDb } from "../store/auditLog.js";
import { headSourceOf } from "../store/auditHeads.js";
import { AuditCheckpointer, type CheckpointDestination } from "../audit/auditCheckpointer.js";
import { fileDestination, webhookDestination } from "../audit/checkpointDestinations.js";
import { loadSigningKey } from "../audit/signingKey.js";

/**
 * Given the configuration and the database, starts the periodic signed checkpoints when a
 * destination is configured (the configuration already refuses one without a key); returns the
 * checkpointer (stop it before the store closes: it writes a last checkpoint), or undefined.
 */
export function startAuditCheckpoints(env: Env, db: TriageDb, logger: Logger): AuditCheckpointer | undefined {
  const destinations: CheckpointDestination[] = [];
  if (env.AUDIT_CHECKPOINT_FILE) destinations.push(fileDestination(env.AUDIT_CHECKPOINT_FILE));
  if (env.AUDIT_CHECKPOINT_WEBHOOK_URL) destinations.push(webhookDestination(env.AUDIT_CHECKPOINT_WEBHOOK_URL));
  const key = loadSigningKey(env);
  if (!key || destinations.length === 0) {
    if (key) logger.warn("AUDIT_SIGNING_KEY set but no AUDIT_CHECKPOINT_FILE or AUDIT_CHECKPOINT_WEBHOOK_URL: no checkpoint is written");
    return undefined;
  }
  const checkpointer = new AuditCheckpointer({
    heads: headSourceOf(db),
    key,
    destinations,
    now: () => new Date(),
    logger: logger.child({ component: "audit-checkpoints" }),
  });
  // The first checkpoint is written at once, so a restart never leaves the chains unanchored for a whole interval.
  checkpointer.start(env.AUDIT_CHECKPOINT_SECONDS * 1000);
  return checkpointer;
}
