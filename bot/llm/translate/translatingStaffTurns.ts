import type { StaffTurns } from "../../cases/caseService.js";
import type { FlowCatalog } from "../../engine/flowCatalog.js";
import type { Clock, CommittedTurn, SessionRecord, StaffTurn, Store } from "../../engine/ports.js";
import type { LiveTranslation } from "./liveTranslation.js";

type Staff = StaffTurns & { catalog: FlowCatalog };

/**
 * The console's staff turns with live-chat translation (issue 21): a staff turn that sends the
 * patient a clinician's text is committed with that text in the patient's language and the
 * clinician's words kept as the original, plus the call's `llm.call` event in the same commit.
 * Every other staff turn, and any translation that fails, goes through unchanged.
 */
export function translatingStaffTurns(inner: Staff, translation: LiveTranslation | undefined, deps: { store: Pick<Store, "getSession">; clock: Clock }): Staff {
  if (!translation) return inner;
  return {
    get catalog() {
      return inner.catalog;
    },
    async commitStaffTurn(sessionId: string, clientMessageId: string, make: (session: SessionRecord, now: Date) => StaffTurn): Promise<CommittedTurn> {
      // Staff turns are pure given the session: this one's messages say whether a clinician writes to the patient.
      const session = await deps.store.getSession(sessionId);
      const written = session ? make(session, deps.clock.now()).messages.find((m) => m.author === "clinician" && m.body.kind === "text") : undefined;
      const translated = written?.body.kind === "text" ? await translation.forPatient(sessionId, written.body.text) : undefined;
      if (!written || !translated) return inner.commitStaffTurn(sessionId, clientMessageId, make);
      return inner.commitStaffTurn(sessionId, clientMessageId, (current, now) => {
        const turn = make(current, now);
        return {
          ...turn,
          messages: turn.messages.map((m) =>
            m.author === "clinician" && m.body.kind === "text" && m.body.text === (written.body as { text: string }).text ? { ...m, body: translated.body } : m,
          ),
          audit: [...turn.audit, translated.call],
        };
      });
    },
  };
}
