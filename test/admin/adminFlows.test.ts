import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminError } from "../../bot/admin/adminError.js";
import { AdminFlows } from "../../bot/admin/adminFlows.js";
import { discardDraft } from "../../bot/admin/discardDraft.js";
import { editOutcome } from "../../bot/admin/editFlowNode.js";
import { appendInTransaction } from "../../bot/store/auditLog.js";
import { runTestCase, type FlowTestCase } from "../../bot/admin/flowTestCases.js";
import { simulateDraft } from "../../bot/admin/simulateDraft.js";
import { FlowCatalog } from "../../bot/engine/flowCatalog.js";
import { startSessionTurn } from "../../bot/engine/startSessionTurn.js";
import { takeTurn } from "../../bot/engine/takeTurn.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { compileFlow, resolverOf, sessionQuestion } from "../../flows/index.js";
import { createTestDatabase, openTestStore, type TestDatabase } from "../store/storeFixtures.js";
import { headacheWithTravel, shippedFlow } from "./adminFixtures.js";
import { URINARY_RETENTION as RETENTION } from "../fixtures/urinaryRetention.js";

/*
 * The administrator's flow services on a real SQLite store with the real flow catalog: drafts,
 * the test-case runner, the publish guard, catalog invalidation, rollback, and the audit trail.
 */

const CONFIG = { emergencyNumbers: [{ number: "15", label: { fr: "SAMU", en: "SAMU" } }], slaMinutes: {} };
const lead = { id: "u1", email: "lead@clinic.example" };
let db: TestDatabase;
let store: PrismaStore;
let catalog: FlowCatalog;
let flows: AdminFlows;

const travelCase = (expected: FlowTestCase["expected"]): FlowTestCase => ({
  id: "tc1",
  slug: "headache",
  name: "travel",
  locale: "fr",
  answers: [{ questionId: "recent_travel", value: "yes" }],
  expected,
});

beforeAll(async () => {
  db = await createTestDatabase("sqlite");
  store = await openTestStore(db.url);
  await store.publishFlowVersion({ definition: shippedFlow("headache"), author: "seed", changeNote: "shipped" });
  catalog = new FlowCatalog(store, { latestTtlMs: 3_600_000 });
  flows = new AdminFlows({ store, catalog, config: CONFIG, clock: { now: () => new Date() } });
});

afterAll(async () => {
  await store?.close();
  await db?.drop();
});

describe("the test-case runner", () => {
  const resolver = resolverOf([compileFlow(headacheWithTravel())]);

  it("passes a case that reaches its expected urgency and routing", () => {
    expect(runTestCase(resolver, CONFIG, travelCase({ urgency: "SOON", routing: "same_day_teleconsultation" }), new Date())).toMatchObject({
      ok: true,
      actual: { outcome: "travel_review" },
    });
  });

  it("fails a case that reaches another urgency, saying what it reached", () => {
    const result = runTestCase(resolver, CONFIG, travelCase({ urgency: "URGENT", routing: "on_call_clinician" }), new Date());
    expect(result).toMatchObject({ ok: false, actual: { urgency: "SOON" } });
    expect(result.problem).toContain("reached SOON");
  });

  it("fails a case whose conversation stops before an outcome", () => {
    const result = runTestCase(
      resolver,
      CONFIG,
      { ...travelCase({ urgency: "SOON", routing: "same_day_teleconsultation" }), answers: [{ questionId: "recent_travel", value: "no" }] },
      new Date(),
    );
    expect(result).toMatchObject({ ok: false });
    expect(result.problem).toContain("danger_signs");
  });

  it("simulates with the patients' engine: greeting, question, answer, outcome and its reasons", () => {
    const sim = simulateDraft({
      resolver,
      config: CONFIG,
      flow: "headache",
      locale: "fr",
      answers: [{ questionId: "recent_travel", value: "yes" }],
      now: new Date(),
    });
    expect(sim.messages.map((m) => m.body.kind)).toEqual(["text", "question", "answer", "outcome", "handoff"]);
    expect(sim.result?.reasons.map((r) => r.rule)).toEqual(["recent_travel__yes"]);
    expect(sim.currentNode).toBe("travel_review");
  });
});

describe("publishing", () => {
  it("refuses a draft that does not validate, naming the node", async () => {
    await flows.createDraft("headache", lead);
    await flows.saveDraft("headache", headacheWithTravel("travel_reveiw"), lead);
    const refused = await flows.publish("headache", "travel", lead).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AdminError);
    expect(refused).toMatchObject({ code: "ADMIN_INVALID_FLOW" });
    expect((refused as AdminError).details.problems).toContainEqual(expect.objectContaining({ node: "recent_travel" }));
  });

  it("refuses a valid draft whose test case fails, and publishes once it passes", async () => {
    await flows.saveDraft("headache", headacheWithTravel(), lead);
    await flows.saveTestCase(travelCase({ urgency: "URGENT", routing: "on_call_clinician" }), lead);
    await expect(flows.publish("headache", "travel", lead)).rejects.toMatchObject({ code: "ADMIN_TESTS_FAILED", httpStatus: 409 });
    expect((await store.listFlowVersions("headache")).filter((v) => v.status === "published")).toHaveLength(1);

    await flows.saveTestCase(travelCase({ urgency: "SOON", routing: "same_day_teleconsultation" }), lead);
    expect((await flows.checkDraft("headache")).publishable).toBe(true);
    const before = await catalog.latest("headache");
    const { record, diff } = await flows.publish("headache", "travel first", lead);
    expect(record.version).toBe(2);
    expect(diff.added.map((n) => n.id)).toEqual(["recent_travel", "travel_review"]);
    // The catalog forgets its latest pointer at once (its TTL here is an hour); version 1 stays available to pinned sessions.
    expect((await catalog.latest("headache"))?.flow.version).toBe(2);
    expect(before?.flow.version).toBe(1);
    expect((await catalog.exact("headache", 1))?.flow.start).toBe("danger_signs");
  });

  it("runs the flow's test cases on every check of a later draft", async () => {
    await flows.createDraft("headache", lead);
    const draft = await flows.requireDraft("headache");
    await flows.saveDraft(
      "headache",
      editOutcome(draft.definition, "travel_review", {
        urgency: "ROUTINE",
        routing: "routine_teleconsultation",
        title: { fr: "a", en: "a" },
        advice: { fr: "b", en: "b" },
        safetyNet: { fr: "c", en: "c" },
      }),
      lead,
    );
    const check = await flows.checkDraft("headache");
    expect(check.problems).toEqual([]);
    expect(check.tests).toMatchObject([{ id: "tc1", ok: false }]);
    expect(check.publishable).toBe(false);
  });

  it("rolls back by publishing an older version again as a new version, refusing while a draft is open", async () => {
    await expect(flows.rollback("headache", 1, lead)).rejects.toMatchObject({ code: "ADMIN_INVALID_EDIT" });
    expect(await discardDraft(store, appendInTransaction, "headache", lead, new Date())).toBe(3);
    await expect(discardDraft(store, appendInTransaction, "headache", lead, new Date())).rejects.toMatchObject({ code: "ADMIN_NO_DRAFT" });
    const record = await flows.rollback("headache", 1, lead);
    expect(record.version).toBe(3);
    expect(record.definition.start).toBe("danger_signs");
    expect((await catalog.latest("headache"))?.flow.version).toBe(3);
    const versions = await store.listFlowVersions("headache");
    expect(versions.map((v) => [v.version, v.changeNote, v.author])).toEqual([
      [3, "rollback to version 1", "lead@clinic.example"],
      [2, "travel first", "lead@clinic.example"],
      [1, "shipped", "seed"],
    ]);
  });

  it("leaves every action in the admin audit stream with the editor's identity", async () => {
    const events = await store.readAuditEvents("admin", 0);
    const mine = events.filter((e) => (e.payload as { actor?: string }).actor === lead.email).map((e) => e.type);
    expect(mine).toEqual(expect.arrayContaining(["flow.draft_saved", "flow.test_case_saved", "flow.published", "flow.draft_discarded"]));
    expect(mine.filter((t) => t === "flow.published")).toHaveLength(2);
  });
});

describe("the simulator runs the draft as patients run it (question economy)", () => {
  /** A patient's session on the published flow, as the engine runs it (the catalog's resolver): the questions asked and skipped. */
  async function patientSession(slug: string, answers: Record<string, unknown>) {
    const ctx = { resolver: await catalog.resolverFor([{ slug }]), now: new Date(), config: CONFIG };
    let turn = startSessionTurn(ctx, { id: "patient", flow: slug, locale: "en", channel: "test" });
    const audit = [...turn.audit];
    const asked: string[] = [];
    for (
      let question = sessionQuestion(ctx.resolver, turn.session.state).question;
      question;
      question = sessionQuestion(ctx.resolver, turn.session.state).question
    ) {
      asked.push(question.id);
      turn = takeTurn(ctx, turn.session, { type: "answer", value: answers[question.id], questionId: question.id });
      audit.push(...turn.audit);
    }
    const skipped = audit.filter((a) => a.type === "question.skipped").map((a) => a.payload as { question: string; reason: string });
    return { asked, skipped: skipped.map((s) => ({ questionId: s.question, code: s.reason })) };
  }

  it("skips the same questions a patient session skips, same flow and same answers, and says why", async () => {
    await store.publishFlowVersion({ definition: shippedFlow("urinary"), author: "seed", changeNote: "shipped" });
    await flows.createDraft("urinary", lead);
    const patient = await patientSession("urinary", RETENTION);
    expect(patient.skipped.map((s) => s.questionId)).toContain("key_symptoms");

    const sim = await flows.simulate(
      "urinary",
      "en",
      Object.entries(RETENTION).map(([questionId, value]) => ({ questionId, value })),
    );
    expect(sim.result?.urgency).toBe("URGENT");
    expect(sim.skipped.map(({ questionId, code }) => ({ questionId, code }))).toEqual(patient.skipped);
    expect(sim.skipped.find((s) => s.questionId === "key_symptoms")).toMatchObject({
      flow: "urinary",
      question: "Is any of these present? Tick all that apply.",
      reason: "Not asked: no answer could change the outcome",
    });
    // The questions shown are those the patient was shown; the answers to skipped ones are passed over, never refused as stale.
    expect(sim.messages.flatMap((m) => (m.body.kind === "question" ? [m.body.question.questionId] : []))).toEqual(patient.asked);
    expect(sim.messages.filter((m) => m.body.kind === "notice")).toEqual([]);

    const french = await flows.simulate(
      "urinary",
      "fr",
      Object.entries(RETENTION).map(([questionId, value]) => ({ questionId, value })),
    );
    expect(french.skipped[0]?.reason).toMatch(/^Non demandée : /);
  });

  it("passes a test case saved when every question was asked: its answers to skipped questions are passed over", async () => {
    const everyQuestion: FlowTestCase = {
      id: "retention",
      slug: "urinary",
      name: "retention",
      locale: "en",
      answers: Object.entries(RETENTION).map(([questionId, value]) => ({ questionId, value })),
      expected: { urgency: "URGENT", routing: "on_call_clinician" },
    };
    await flows.saveTestCase(everyQuestion, lead);
    const check = await flows.checkDraft("urinary");
    expect(check.tests).toMatchObject([{ id: "retention", ok: true, actual: { outcome: "urgent" } }]);
  });
});

describe("import and export", () => {
  it("exports a published version as its JSON (audited) and imports it back as the draft of its slug", async () => {
    const exported = await flows.exportFlow("headache", 2, lead);
    expect(exported.start).toBe("recent_travel");
    const imported = await flows.importFlow(JSON.parse(JSON.stringify(exported)), lead);
    expect(imported).toMatchObject({ slug: "headache", version: 4, problems: [] });
    expect((await flows.requireDraft("headache")).definition.start).toBe("recent_travel");
    const types = (await store.readAuditEvents("admin", 0)).map((e) => e.type);
    expect(types).toContain("flow.exported");
  });

  it("refuses JSON that is not a flow, naming the schema problems", async () => {
    await expect(flows.importFlow({ slug: "headache", nodes: [] }, lead)).rejects.toMatchObject({ code: "ADMIN_INVALID_FLOW" });
    await expect(flows.importFlow({ nodes: [] }, lead)).rejects.toMatchObject({ code: "ADMIN_INVALID_FLOW" });
  });
});
