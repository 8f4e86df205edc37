import { admin } from "$lib/admin/adminServices";
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
    events: events.reverse().map((e) => ({ seq: e.seq, at: e.at, type: e.type, actor: (e.payload as { actor?: unknown } | null)?.actor ?? null, payload: e.payloadText })),
  };
};
