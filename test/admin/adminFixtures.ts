import { readFileSync } from "node:fs";
import { flowSchema, type Flow } from "../../flows/index.js";
import { AdminFlows } from "../../bot/admin/adminFlows.js";
import { addOutcome, addQuestion } from "../../bot/admin/editFlowNode.js";
import { FlowCatalog } from "../../bot/engine/flowCatalog.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { createTestDatabase, openTestStore, type Driver } from "../store/storeFixtures.js";

/** A shipped flow, parsed. */
export function shippedFlow(slug: string): Flow {
  return flowSchema.parse(JSON.parse(readFileSync(new URL(`../../flows/library/${slug}.json`, import.meta.url), "utf8")));
}

/** headache with a first yes/no question whose "yes" leads to a new SOON outcome (`to` overrides the target). */
export function headacheWithTravel(to = "travel_review"): Flow {
  const withOutcome = addOutcome(shippedFlow("headache"), {
    id: "travel_review",
    urgency: "SOON",
    routing: "same_day_teleconsultation",
    title: { fr: "Avis aujourd'hui", en: "See a doctor today" },
    advice: { fr: "Consultez aujourd'hui.", en: "See a doctor today." },
    safetyNet: { fr: "Appelez le 15 si cela empire.", en: "Call 112 if it gets worse." },
  });
  return addQuestion(withOutcome, {
    id: "recent_travel",
    type: "yes_no",
    start: true,
    text: { fr: "Revenez-vous de voyage ?", en: "Are you back from a trip?" },
    options: [
      { value: "yes", label: {}, to },
      { value: "no", label: {}, to: "" },
    ],
    next: "danger_signs",
  });
}

/** The medical lead who edits drafts in these tests. */
export const LEAD = { id: "u1", email: "lead@clinic.example" };

export interface HeadacheDraft {
  store: PrismaStore;
  flows: AdminFlows;
  close(): Promise<void>;
}

/** A fresh database of the given kind with headache v1 published and a draft of it opened by LEAD. */
export async function openHeadacheDraft(driver: Driver): Promise<HeadacheDraft> {
  const db = await createTestDatabase(driver);
  const store = await openTestStore(db.url);
  await store.publishFlowVersion({ definition: shippedFlow("headache"), author: "seed", changeNote: "shipped" });
  const flows = new AdminFlows({
    store,
    catalog: new FlowCatalog(store, { latestTtlMs: 60_000 }),
    config: { emergencyNumbers: [], slaMinutes: {} },
    clock: { now: () => new Date() },
  });
  await flows.createDraft("headache", LEAD);
  return {
    store,
    flows,
    async close() {
      await store.close();
      await db.drop();
    },
  };
}
