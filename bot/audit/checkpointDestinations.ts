import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { CodedError } from "../errors.js";
import { postWebhook, type WebhookRetry } from "../notify/postWebhook.js";
import type { CheckpointDestination } from "./auditCheckpointer.js";
import type { Checkpoint } from "./checkpoint.js";

/** Appends each checkpoint as one JSON line to `path` (created 0600), synced before it counts as kept. */
export function fileDestination(path: string): CheckpointDestination {
  return {
    name: "file",
    async deliver(checkpoint: Checkpoint) {
      const fd = openSync(path, "a", 0o600);
      try {
        writeSync(fd, `${JSON.stringify(checkpoint)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** POSTs each checkpoint (the same JSON as a file line) to `url`, with postWebhook's retries. */
export function webhookDestination(url: string, retry?: WebhookRetry): CheckpointDestination {
  return {
    name: "webhook",
    async deliver(checkpoint: Checkpoint) {
      const result = await postWebhook(url, checkpoint, retry);
      if (!result.delivered) throw new CodedError("TRIAGE_AUDIT_CHECKPOINT_UNDELIVERED", `webhook answered ${result.status ?? result.error ?? "nothing"}`);
    },
  };
}
