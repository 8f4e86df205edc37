import type { Json } from "../engine/ports.js";
import type { StoredAuditEvent } from "./storedAuditEvent.js";

/** What appending needs: PrismaStore provides it. */
export interface AuditAppender {
  appendAuditEvents(stream: string, drafts: { type: string; payload: Json }[]): Promise<StoredAuditEvent[]>;
}

export interface AdminEvent {
  /** The admin stream (console logins, user management, case actions, flow edits). */
  stream: "admin";
  /** e.g. "console.login", "user.created", "case.claimed". */
  type: string;
  payload: Json;
  /** Who did it: a user id (or "cli", "system"). */
  actor: string;
}

/**
 * Given a store and a console or admin action, appends it to the admin chain (same hash rules as
 * session streams) and returns the stored event. The stored payload is `{ actor, details }`.
 */
export async function appendAdminEvent(store: AuditAppender, event: AdminEvent): Promise<StoredAuditEvent> {
  const [stored] = await store.appendAuditEvents(event.stream, [{ type: event.type, payload: { actor: event.actor, details: event.payload } }]);
  return stored!;
}
