import type { AuditAppender } from "../audit/appendAdminEvent.js";

/**
 * Queues this process's appends to the admin stream one after another. Every console action
 * appends to that one chain; concurrent appends would each read the same head, all but one would
 * hit the (stream, seq) key and retry, and a burst (a shift signing in) could exhaust the store's
 * retries. Across instances the store's compare-and-set and retries still apply.
 */
export function serialAuditAppender(inner: AuditAppender): AuditAppender {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    appendAuditEvents(stream, drafts) {
      const run = tail.then(
        () => inner.appendAuditEvents(stream, drafts),
        () => inner.appendAuditEvents(stream, drafts),
      );
      tail = run.catch(() => undefined);
      return run;
    },
  };
}
