import { describe, expect, it } from "vitest";
import { caseDetail } from "../../bot/cases/caseDetail.js";
import type { CaseRecord } from "../../bot/cases/caseStore.js";
import type { InboundEvent, SessionRecord } from "../../bot/engine/ports.js";
import { startSessionTurn } from "../../bot/engine/startSessionTurn.js";
import { takeTurn } from "../../bot/engine/takeTurn.js";
import { compileFlow, resolverOf } from "../../flows/index.js";
import { NOW, TEST_CONFIG } from "../engine/engineHarness.js";
import { economyFlow } from "../flows/fixtures/economyFlow.js";

/*
 * The clinician sees what question economy did not ask, and why, in the case's answers (issue 18).
 */

const resolver = resolverOf([compileFlow(economyFlow(), { economy: true })]);

function finishedSession(): SessionRecord {
  let session = startSessionTurn({ resolver, now: NOW, config: TEST_CONFIG }, { id: "s-not-asked", flow: "economy", locale: "fr", channel: "test" }).session;
  // Not breathless, lips fine, a major injury, no fever: URGENT is certain, the rest is not asked.
  const events: InboundEvent[] = [false, false, "major", false].map((value) => ({ type: "answer", value }));
  for (const event of events) session = takeTurn({ resolver, now: NOW, config: TEST_CONFIG }, session, event).session;
  return session;
}

describe("a case's answers", () => {
  it.each([
    ["en", "Not asked: the outcome was already certain"],
    ["fr", "Non demandée : le résultat était déjà certain"],
  ] as const)("list the questions left out with why, in %s", async (locale, notAsked) => {
    const session = finishedSession();
    const found = {
      id: "c1",
      sessionId: session.id,
      urgency: "URGENT",
      state: "open",
      cause: "outcome",
      flowSlug: "economy",
      flowVersion: 1,
      locale: "fr",
      openedAt: NOW.toISOString(),
      slaDeadline: NOW.toISOString(),
    } as unknown as CaseRecord;
    const detail = await caseDetail(
      { store: { getSession: async () => session, messagesAfter: async () => [] }, resolverForState: async () => resolver },
      found,
      [],
      locale,
    );
    expect(detail!.answers.map((a) => [a.questionId, a.answer])).toEqual([
      ["breathless", locale === "fr" ? "Non" : "No"],
      ["blue_lips", locale === "fr" ? "Non" : "No"],
      ["injury", locale === "fr" ? "Grave" : "Major"],
      ["fever", locale === "fr" ? "Non" : "No"],
      ["days", notAsked],
      ["confused", notAsked],
    ]);
    expect(detail!.result?.urgency).toBe("URGENT");
  });
});
