import { readdirSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { AdminFlows } from "../../bot/admin/adminFlows.js";
import { FlowCatalog } from "../../bot/engine/flowCatalog.js";
import { loadLibrarySafety } from "../../bot/composition/librarySafety.js";
import type { Flow } from "../../flows/index.js";
import { useTestStore } from "../store/useTestStore.js";
import { LEAD, shippedFlow } from "./adminFixtures.js";

/*
 * The publish gate holds a draft to the library's safety net: the red-flag screens (no red flag of
 * the flow's complaint groups skipped on any path) and the clinical vignette suite played from the
 * entry flow with the draft in place (no EMERGENCY under-triaged). On a real SQLite database with
 * every shipped flow published.
 */

const db = useTestStore("sqlite");
let flows: AdminFlows;

beforeAll(async () => {
  const slugs = readdirSync(new URL("../../flows/library", import.meta.url))
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.replace(/\.json$/, ""));
  for (const slug of slugs) await db.store.publishFlowVersion({ definition: shippedFlow(slug), author: "seed", changeNote: "shipped" });
  flows = new AdminFlows({
    store: db.store,
    catalog: new FlowCatalog(db.store, { latestTtlMs: 60_000 }),
    config: { emergencyNumbers: [], slaMinutes: {} },
    clock: { now: () => new Date() },
    safety: loadLibrarySafety(),
  });
});

async function draftOf(slug: string, edit: (flow: Flow) => void): Promise<void> {
  const definition = structuredClone(shippedFlow(slug));
  edit(definition);
  await flows.createDraft(slug, LEAD);
  const draft = await flows.requireDraft(slug);
  await flows.saveDraft(slug, definition, LEAD, "test edit", draft.revision);
}

describe("publish gate: red-flag screens and the vignette suite", () => {
  it("passes an unchanged flow, showing the suite's table with nothing under-triaged", async () => {
    await flows.createDraft("eye", LEAD);
    const check = await flows.checkDraft("eye");
    expect(check.problems).toEqual([]);
    expect(check.vignettes?.passed).toBe(true);
    expect(check.vignettes?.report.emergencyUnderTriaged).toEqual([]);
    expect(check.vignettes?.report.total).toBeGreaterThanOrEqual(150);
    expect(check.publishable).toBe(true);
  });

  it("refuses a breathing draft that hides the clot risk behind the pain-on-breathing answer", async () => {
    await draftOf("breathing-cough", (flow) => {
      const before = flow.nodes.find((n) => n.id === "chest_pain_breathing")!;
      const clot = flow.nodes.find((n) => n.id === "clot_risk_factors")!;
      if (!("next" in before) || !("next" in clot)) throw new Error("unexpected flow shape");
      before.next = {
        branches: [{ id: "only_with_pain", when: { "==": [{ var: "chest_pain_breathing" }, true] }, to: "clot_risk_factors" }],
        default: clot.next.default!,
      };
    });
    const check = await flows.checkDraft("breathing-cough");
    expect(check.problems.map((p) => p.code)).toEqual(["red-flag-not-asked"]);
    expect(check.publishable).toBe(false);
    await expect(flows.publish("breathing-cough", "hide clot risk", LEAD)).rejects.toMatchObject({ code: "ADMIN_INVALID_FLOW" });
  });

  it("refuses an entry-flow draft that lowers a danger sign to URGENT: the screens and the suite both catch it", async () => {
    await draftOf("general", (flow) => {
      flow.redFlags.find((rf) => rf.id === "rf_severe_bleeding")!.outcome = "urgent_review";
    });
    const check = await flows.checkDraft("general");
    expect(check.problems.map((p) => p.code)).toContain("red-flag-not-asked");
    expect(check.vignettes?.report.emergencyUnderTriaged.length).toBeGreaterThan(0);
    expect(check.publishable).toBe(false);
    await expect(flows.publish("general", "lower bleeding", LEAD)).rejects.toMatchObject({ code: "ADMIN_INVALID_FLOW" });
  });

  it("refuses an abdominal-pain draft that lowers 'pain with fainting' to URGENT, which only the suite sees (the question is still asked)", async () => {
    await draftOf("abdominal-pain", (flow) => {
      flow.redFlags.find((rf) => rf.id === "rf_pain_with_fainting")!.outcome = "urgent";
    });
    const check = await flows.checkDraft("abdominal-pain");
    expect(check.problems).toEqual([]);
    expect(check.vignettes?.passed).toBe(false);
    expect(check.vignettes?.report.emergencyUnderTriaged).toContain("abdo-aaa-fr");
    expect(check.publishable).toBe(false);
    await expect(flows.publish("abdominal-pain", "lower fainting", LEAD)).rejects.toMatchObject({ code: "ADMIN_VIGNETTES_FAILED" });
  });
});

describe("publish gate: a question the draft adds", () => {
  it("lists the vignettes that stop at it to be completed, without blocking publication", async () => {
    await draftOf("headache", (flow) => {
      // Its answer can change the outcome (question economy skips a question whose answer cannot);
      // "yes" goes to EMERGENCY, which no red-flag screen forbids.
      const travel = { id: "travel_emergency", when: { "==": [{ var: "recent_travel" }, true] }, to: "emergency" };
      flow.nodes.unshift({
        id: "recent_travel",
        kind: "question",
        type: "yes_no",
        text: { fr: "Revenez-vous de voyage ?", en: "Are you back from a trip?" },
        next: { branches: [travel], default: flow.start },
      });
      flow.start = "recent_travel";
    });
    const check = await flows.checkDraft("headache");
    expect(check.vignettes?.toComplete.length).toBeGreaterThan(0);
    expect(check.vignettes?.toComplete.every((c) => c.question === "recent_travel")).toBe(true);
    expect(check.vignettes?.passed).toBe(true);
    expect(check.publishable).toBe(true);
  });
});
