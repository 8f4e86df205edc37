import { admin } from "$lib/admin/adminServices";
import { consoleServices } from "$lib/server/consoleServices";
import { guardPage } from "$lib/server/auth/guard";
import type { PageServerLoad } from "./$types";

const SHOWN = 200;

/** Every audit stream with its chain verification, and one stream's latest events (?stream=). */
export const load: PageServerLoad = async (event) => {
  await guardPage(event, "admin");
  const { store, verifyChains } = admin();
  const chains = await verifyChains();
  const stream = event.url.searchParams.get("stream") ?? "admin";
  const head = chains.find((c) => c.stream === stream);
  const after = Math.max(0, (head?.events ?? 0) - SHOWN);
  const events = head ? await store.readAuditEvents(stream, after, SHOWN) : [];
  return {
    chains: [...chains].sort((a, b) => (a.stream === "admin" ? -1 : b.stream === "admin" ? 1 : 0)),
    stream,
    events: events.reverse().map((e) => {
      const payload = (e.payload ?? {}) as { actor?: unknown; details?: unknown };
      // Admin events are { actor, details }; a session's events are their payload itself.
      const details = payload.details && typeof payload.details === "object" ? payload.details : payload;
      return {
        seq: e.seq,
        at: e.at,
        type: e.type,
        actor: typeof payload.actor === "string" ? payload.actor : null,
        details: details as Record<string, unknown>,
        payload: e.erased ? "" : JSON.stringify(e.payload),
      };
    }),
    // Who each user id is, so the page shows names instead of ids (issue 24, item 16).
    names: Object.fromEntries((await consoleServices().users.list()).map((u) => [u.id, u.displayName || u.email])) as Record<string, string>,
  };
};
