import { compileFlow, flowSchema, resolverOf, type CompiledFlow } from "../../flows/index.js";
import { TriageError } from "../errors.js";
import { compareReplay, type ReplayVerdict } from "./compareReplay.js";
import type { FlowVersionRecord, SessionRecord } from "./ports.js";
import { replaySession, type RecordedAuditEvent, type ReplayResult } from "./replaySession.js";
import type { EngineConfig } from "./turnContext.js";

/** What a replay reads from a store: a session's audit stream, the flow versions it used and, if it can, the stored session. */
export interface ReplaySource {
  auditEventsOf(stream: string): Promise<RecordedAuditEvent[]>;
  flowVersion(slug: string, version: number): Promise<FlowVersionRecord | undefined>;
  getSession?(id: string): Promise<SessionRecord | undefined>;
}

export interface StoredReplay {
  replay: ReplayResult;
  verdict: ReplayVerdict;
  /** slug@version of every flow the session used. */
  flows: string[];
}

/**
 * Given a store and a session id, loads the session's audit stream and the flow versions it
 * recorded, replays it and compares the result with what was stored.
 */
export async function replayStoredSession(source: ReplaySource, sessionId: string, config?: EngineConfig): Promise<StoredReplay> {
  const events = await source.auditEventsOf(sessionId);
  if (!events.some((e) => e.type === "session.started")) {
    throw new TriageError("TRIAGE_SESSION_NOT_FOUND", `no audit stream for session ${sessionId}`, { sessionId });
  }
  const versions = new Map<string, { slug: string; version: number }>();
  for (const event of events) {
    const payload = event.payload as Record<string, unknown> | null;
    const pin =
      event.type === "session.started"
        ? { slug: payload?.flow, version: payload?.version }
        : event.type === "flow.chained"
          ? { slug: payload?.to, version: payload?.version }
          : undefined;
    if (pin && typeof pin.slug === "string" && typeof pin.version === "number")
      versions.set(`${pin.slug}@${pin.version}`, { slug: pin.slug, version: pin.version });
  }
  // Question economy as the session ran: recorded at its start since economy exists, off before.
  const started = events.find((e) => e.type === "session.started")!.payload as Record<string, unknown> | null;
  const economy = started?.economy === true;
  const compiled: CompiledFlow[] = [];
  for (const [key, { slug, version }] of versions) {
    const record = await source.flowVersion(slug, version);
    if (!record) throw new TriageError("TRIAGE_FLOW_NOT_FOUND", `flow ${key} is not in the store`, { flow: slug, version });
    compiled.push(compileFlow(flowSchema.parse(record.definition), { economy }));
  }
  const replay = replaySession(resolverOf(compiled), events, config ? { config } : {});
  const stored = source.getSession ? await source.getSession(sessionId) : undefined;
  return { replay, verdict: compareReplay(replay, events, stored), flows: [...versions.keys()] };
}
