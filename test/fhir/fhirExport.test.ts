import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Bundle, Communication, Encounter, FhirResource, Provenance, Questionnaire, QuestionnaireResponse, RiskAssessment } from "fhir/r4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DONT_KNOW, flowSchema, type AnswerValue, type Flow } from "../../flows/index.js";
import type { ConsoleUser } from "../../bot/auth/authStore.js";
import { consoleAuthOn } from "../console/consoleAuthOn.js";
import { runCli } from "../../bot/cli/runCli.js";
import { loadConfig } from "../../bot/config/config.js";
import type { CommittedTurn } from "../../bot/engine/ports.js";
import { createFhirService, type FhirService } from "../../bot/fhir/fhirService.js";
import { flowToQuestionnaire } from "../../bot/fhir/flowQuestionnaire.js";
import { logger } from "../../bot/logger.js";
import { createRuntime, openRuntimeParts, type Runtime } from "../../bot/runtime.js";
import { migrate } from "../../bot/store/migrate.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { randomAnswer } from "../flows/randomAnswer.js";
import { capture } from "../ops/cliRun.js";
import { fhirValidator, type FhirValidator } from "./fhirSchema.js";

/*
 * FHIR R4 export of sessions the real conversation service ran on every shipped flow (SQLite
 * store), checked against the official R4 JSON schema, then read the way a receiving record
 * system would: which answers, which urgency and why, who took the hand-off, what was said.
 */

const LIBRARY = fileURLToPath(new URL("../../flows/library", import.meta.url));
const shipped: Flow[] = readdirSync(LIBRARY)
  .filter((file) => file.endsWith(".json"))
  .sort()
  .map((file) => flowSchema.parse(JSON.parse(readFileSync(join(LIBRARY, file), "utf8"))));
const silent = logger.child({}, { level: "silent" });

let dir: string;
let databaseUrl: string;
let runtime: Runtime;
let store: PrismaStore;
let fhir: FhirService;
let validator: FhirValidator;
let clinician: ConsoleUser;

beforeAll(async () => {
  validator = fhirValidator();
  dir = mkdtempSync(join(tmpdir(), "triage-fhir-"));
  databaseUrl = `file:${join(dir, "triage.db")}`;
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" });
  await migrate(databaseUrl, { logger: silent });
  const parts = await openRuntimeParts(config);
  store = parts.store;
  for (const flow of shipped) await store.publishFlowVersion({ definition: flow, author: "test", changeNote: "fhir tests" });
  runtime = createRuntime(config, parts);
  fhir = createFhirService({ store, now: () => new Date("2026-03-01T12:00:00.000Z") });
  const auth = consoleAuthOn(store);
  clinician = (
    await auth.addUser({ email: "camille@example.org", role: "clinician", displayName: "Dr Camille Martin", password: "a long enough secret" }, "test")
  ).user;
}, 120_000);

afterAll(async () => {
  await runtime.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The question the session waits on after a turn, if any. */
function pendingQuestion(turn: CommittedTurn): string | undefined {
  const asked = turn.messages.filter((m) => m.body.kind === "question" || m.body.kind === "reask");
  const last = asked[asked.length - 1]?.body;
  return last?.kind === "question" ? last.question.questionId : last?.kind === "reask" ? last.questionId : undefined;
}

/** Runs a patient through `flow` with answers drawn from `seed` until the flow reaches its outcome; returns the session id. */
async function triage(
  flow: Flow,
  seed: number,
  locale: "fr" | "en" = "fr",
  answerFor?: (node: Extract<Flow["nodes"][number], { kind: "question" }>) => AnswerValue | undefined,
): Promise<string> {
  const started = await runtime.conversations.start({ flow: flow.slug, locale, channel: "web", clientMessageId: `start-${seed}` });
  let turn = started.turn;
  const nodes = new Map<string, Flow["nodes"][number]>();
  for (const record of [flow, ...shipped]) for (const node of record.nodes) if (!nodes.has(node.id)) nodes.set(node.id, node);
  for (let step = 0; turn.status === "active"; step += 1) {
    const questionId = pendingQuestion(turn);
    if (!questionId || step > 200) throw new Error(`${flow.slug} (seed ${seed}) is stuck at step ${step}`);
    // Chained flows ask their own questions: look the question up in whichever flow has it.
    const session = await store.getSession(started.sessionId);
    const running = session!.state.frames[session!.state.frames.length - 1]!.slug;
    const node = shipped.find((f) => f.slug === running)!.nodes.find((n) => n.id === questionId);
    if (node?.kind !== "question") throw new Error(`no question ${questionId} in ${running}`);
    turn = await runtime.conversations.send(started.sessionId, `a-${seed}-${step}`, {
      type: "answer",
      value: answerFor?.(node) ?? randomAnswer(node, seed * 7919 + step * 104729),
      questionId,
    });
  }
  return started.sessionId;
}

const resources = <T extends FhirResource>(bundle: Bundle, type: T["resourceType"]) =>
  (bundle.entry ?? []).map((e) => e.resource!).filter((r): r is T => r.resourceType === type);

describe("a finished session of each shipped flow", () => {
  for (const flow of shipped) {
    it(`${flow.slug}: exports a Bundle that validates against the FHIR R4 schema, with its answers, urgency and reasons`, async () => {
      const sessionId = await triage(flow, flow.slug.length * 31);
      const bundle = await fhir.exportSession(sessionId, { actor: "test" });
      expect(validator.problems(bundle)).toEqual([]);

      const session = (await store.getSession(sessionId))!;
      const responses = resources<QuestionnaireResponse>(bundle, "QuestionnaireResponse");
      expect(responses).toHaveLength(session.state.frames.length);
      const answered = session.state.frames.flatMap((f) => f.snapshot.context.answered);
      const exported = responses.flatMap((r) => (r.item ?? []).map((i) => i.linkId));
      // Every answer is there but an optional free text left empty (FHIR has no empty strings).
      expect(answered.filter((id) => !exported.includes(id)).every((id) => session.state.frames.some((f) => f.snapshot.context.answers[id] === ""))).toBe(true);
      for (const response of responses) {
        const [canonical, version] = response.questionnaire!.split("|");
        const questionnaire = resources<Questionnaire>(bundle, "Questionnaire").find((q) => q.url === canonical && q.version === version);
        expect(questionnaire, response.questionnaire).toBeDefined();
      }
      const [risk] = resources<RiskAssessment>(bundle, "RiskAssessment");
      expect(risk!.prediction![0]!.outcome!.coding![0]).toMatchObject({ system: "urn:triage:urgency", code: session.urgency });
      expect(risk!.reasonCode!.length).toBeGreaterThan(0);
      expect(resources<Encounter>(bundle, "Encounter")[0]!.priority!.coding![1]!.code).toBe(session.urgency);
    });
  }
});

describe("a session where the patient did not know a duration", () => {
  it("exports the answer as asked but unknown, and the bundle validates", async () => {
    const headache = shipped.find((f) => f.slug === "headache")!;
    // No danger sign ticked ("none" where offered, "no" to yes/no questions), so the flow gets to its durations.
    const calm = (node: Extract<Flow["nodes"][number], { kind: "question" }>): AnswerValue | undefined =>
      node.type === "duration"
        ? DONT_KNOW
        : node.type === "yes_no"
          ? false
          : node.type === "multiple_choice" && node.options.some((o) => o.value === "none")
            ? ["none"]
            : undefined;
    const sessionId = await triage(headache, 11, "en", calm);
    const bundle = await fhir.exportSession(sessionId, { actor: "test" });
    expect(validator.problems(bundle)).toEqual([]);
    const answers = resources<QuestionnaireResponse>(bundle, "QuestionnaireResponse").flatMap((r) => (r.item ?? []).flatMap((i) => i.answer ?? []));
    const unknown = answers.filter((a) => a.valueCoding?.code === "asked-unknown");
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown[0]!.valueCoding!.system).toBe("http://terminology.hl7.org/CodeSystem/data-absent-reason");
    expect(JSON.stringify(bundle)).not.toContain("NaN");
  });
});

describe("a session handed off to a clinician who chatted with the patient and closed the case", () => {
  let sessionId: string;
  let bundle: Bundle;
  let cause: string;

  beforeAll(async () => {
    const flow = shipped.find((f) => f.slug === "general") ?? shipped[0]!;
    sessionId = await triage(flow, 5, "en");
    await runtime.conversations.send(sessionId, "human", { type: "ask_human" });
    const cases = runtime.console!.cases;
    const open = (await cases.queue()).find((c) => c.sessionId === sessionId)!;
    // The outcome may have handed off already (cause "outcome"); else the patient's request did.
    cause = open.cause;
    await cases.claim(open.id, clinician);
    await cases.sendMessage(open.id, clinician, "Hello, I am Dr Martin. How are you feeling now?", "c-1");
    await runtime.conversations.send(sessionId, "p-1", { type: "text", text: "Better, thank you." });
    await cases.close(open.id, clinician, "advice_given", "Rest and fluids; call back if worse.");
    bundle = (await fhir.exportCase(open.id, { actor: clinician.id })).bundle;
  });

  it("validates against the FHIR R4 schema", () => {
    expect(validator.problems(bundle)).toEqual([]);
  });

  it("has a finished Encounter naming the clinician, the hand-off and the disposition", () => {
    const [encounter] = resources<Encounter>(bundle, "Encounter");
    expect(encounter!.status).toBe("finished");
    expect(encounter!.participant![0]!.individual!.display).toBe("Dr Camille Martin");
    expect(encounter!.hospitalization!.dischargeDisposition).toEqual({
      coding: [{ system: "urn:triage:disposition", code: "advice_given" }],
      text: "Rest and fluids; call back if worse.",
    });
    expect(encounter!.extension![0]!.extension!.find((e) => e.url === "cause")!.valueCode).toBe(cause);
    expect(encounter!.statusHistory!.map((h) => h.status)).toEqual(["triaged", "in-progress"]);
  });

  it("has the live chat as Communications, in order, from and to the right people", () => {
    const chat = resources<Communication>(bundle, "Communication");
    expect(chat.map((c) => c.payload![0]!.contentString)).toEqual(["Hello, I am Dr Martin. How are you feeling now?", "Better, thank you."]);
    expect(chat[0]!.sender).toEqual({ display: "Dr Camille Martin" });
    expect(chat[1]!.sender!.reference).toMatch(/^urn:uuid:/);
  });

  it("has a Provenance over every resource, naming every audit event of the session by its hash", async () => {
    const [provenance] = resources<Provenance>(bundle, "Provenance");
    const others = bundle.entry!.filter((e) => e.resource!.resourceType !== "Provenance").map((e) => e.fullUrl);
    expect(provenance!.target.map((t) => t.reference)).toEqual(others);
    const chain = await store.readAuditEvents(sessionId, 0, 10_000);
    expect(provenance!.entity!.map((e) => e.what.identifier!.value)).toEqual(chain.map((e) => e.hash));
  });

  it("records the export in the admin audit chain, with ids only", async () => {
    const events = await store.readAuditEvents("admin", 0, 10_000);
    const exported = events.filter((e) => e.type === "fhir.exported").at(-1)!;
    expect(exported.payload).toMatchObject({ actor: clinician.id, details: { sessionId } });
    expect(JSON.stringify(exported.payload)).not.toContain("Better");
  });

  it("gives the same resource ids when exported again, so a receiver can update instead of duplicating", async () => {
    const again = await fhir.exportSession(sessionId, { actor: "test" });
    expect(again.entry!.map((e) => e.fullUrl)).toEqual(bundle.entry!.map((e) => e.fullUrl));
  });
});

describe("a session handed to a clinician before the flow reached its outcome", () => {
  let sessionId: string;
  let answeredBefore: string[];

  beforeAll(async () => {
    const flow = shipped.find((f) => f.slug === "chest-pain") ?? shipped[0]!;
    // Two calm answers (no danger sign, a middle age), so the flow is still running when the patient asks for a human.
    const started = await runtime.conversations.start({ flow: flow.slug, locale: "en", channel: "web", clientMessageId: "mid-start" });
    sessionId = started.sessionId;
    let turn = started.turn;
    for (let step = 0; step < 2; step += 1) {
      const questionId = pendingQuestion(turn)!;
      const node = flow.nodes.find((n) => n.id === questionId)!;
      if (node.kind !== "question") throw new Error(`no question ${questionId}`);
      const value =
        node.type === "multiple_choice" && node.noneOption
          ? [node.noneOption]
          : node.type === "number"
            ? Math.round((node.min + node.max) / 2)
            : randomAnswer(node, step);
      turn = await runtime.conversations.send(sessionId, `mid-${step}`, { type: "answer", value, questionId });
      if (turn.status !== "active") throw new Error("the flow ended before the patient asked for a human");
    }
    answeredBefore = (await store.getSession(sessionId))!.state.frames.flatMap((f) => f.snapshot.context.answered);
    await runtime.conversations.send(sessionId, "mid-human", { type: "ask_human" });
  });

  it("exports a valid R4 Bundle with the answers given so far, a preliminary urgency and the open hand-off", async () => {
    const bundle = await fhir.exportSession(sessionId, { actor: "test" });
    expect(validator.problems(bundle)).toEqual([]);
    const session = (await store.getSession(sessionId))!;
    expect(session.status).toBe("handoff");

    const responses = resources<QuestionnaireResponse>(bundle, "QuestionnaireResponse");
    expect(responses.every((r) => r.status === "stopped")).toBe(true);
    expect(responses.flatMap((r) => (r.item ?? []).map((i) => i.linkId)).sort()).toEqual(
      answeredBefore.filter((id) => session.state.frames.some((f) => f.snapshot.context.answers[id] !== "")).sort(),
    );

    const [risk] = resources<RiskAssessment>(bundle, "RiskAssessment");
    expect(risk!.status).toBe("preliminary");
    expect(risk!.prediction![0]!.outcome!.coding![0]).toMatchObject({ system: "urn:triage:urgency", code: session.urgency });
    expect(risk!.note!.map((n) => n.text).join("\n")).toContain("before the questionnaire ended");

    const [encounter] = resources<Encounter>(bundle, "Encounter");
    expect(encounter!.status).toBe("in-progress");
    const handoff = encounter!.extension![0]!.extension!;
    expect(handoff.find((e) => e.url === "cause")!.valueCode).toBe("patient_request");
    expect(handoff.find((e) => e.url === "state")!.valueCode).toBe("open");
  });

  it("still exports once a clinician closed the case, with the disposition, and from the command line", async () => {
    const open = (await runtime.console!.cases.queue()).find((c) => c.sessionId === sessionId)!;
    await runtime.console!.cases.claim(open.id, clinician);
    await runtime.console!.cases.close(open.id, clinician, "advice_given", "Called back, advice given.");
    const run = capture();
    expect(await runCli(["fhir", "export", sessionId, "--database-url", databaseUrl, "--locale", "fr"], run.io)).toBe(0);
    const bundle = JSON.parse(run.out()) as Bundle;
    expect(validator.problems(bundle)).toEqual([]);
    const [encounter] = resources<Encounter>(bundle, "Encounter");
    expect(encounter!.status).toBe("finished");
    expect(encounter!.hospitalization!.dischargeDisposition!.coding![0]!.code).toBe("advice_given");
    expect(
      resources<RiskAssessment>(bundle, "RiskAssessment")[0]!
        .note!.map((n) => n.text)
        .join("\n"),
    ).toContain("avant la fin du questionnaire");
  });
});

describe("the schema check itself", () => {
  it("rejects a bundle with an unknown element or a code outside a required value set", async () => {
    const bundle = await fhir.exportSession(await triage(shipped[0]!, 99), { actor: "test" });
    const encounter = bundle.entry!.find((e) => e.resource!.resourceType === "Encounter")!.resource as Encounter & Record<string, unknown>;
    encounter.status = "done" as Encounter["status"];
    encounter.urgency = "URGENT";
    expect(validator.problems(bundle).join("\n")).toMatch(/status[\s\S]*urgency|urgency[\s\S]*status/);
  });
});

describe("triage fhir", () => {
  it("exports a session from the command line, and refuses an unfinished or unknown one with a code", async () => {
    const sessionId = await triage(shipped[1]!, 3);
    const run = capture();
    expect(await runCli(["fhir", "export", sessionId, "--database-url", databaseUrl], run.io)).toBe(0);
    const printed = JSON.parse(run.out()) as Bundle;
    expect(printed.identifier).toEqual({ system: "urn:triage:session", value: sessionId });
    expect(validator.problems(printed)).toEqual([]);

    const started = await runtime.conversations.start({ flow: shipped[0]!.slug, locale: "fr", channel: "web", clientMessageId: "unfinished" });
    const unfinished = capture();
    expect(await runCli(["fhir", "export", started.sessionId, "--database-url", databaseUrl], unfinished.io)).toBe(1);
    expect(unfinished.err()).toContain("FHIR_SESSION_NOT_FINISHED");
    const unknown = capture();
    expect(await runCli(["fhir", "export", "no-such-session", "--database-url", databaseUrl], unknown.io)).toBe(1);
    expect(unknown.err()).toContain("FHIR_SESSION_NOT_FOUND");
  });

  it("exports every shipped flow as a Questionnaire that validates, from its file or its published slug", async () => {
    for (const flow of shipped) {
      const questionnaire = flowToQuestionnaire(flow);
      expect(validator.problems(questionnaire), flow.slug).toEqual([]);
      const questions = flow.nodes.filter((n) => n.kind === "question").map((n) => n.id);
      expect(questionnaire.item!.filter((i) => i.type !== "display").map((i) => i.linkId)).toEqual(questions);
    }
    const fromFile = capture();
    expect(await runCli(["fhir", "questionnaire", join(LIBRARY, `${shipped[0]!.slug}.json`)], fromFile.io)).toBe(0);
    const fromStore = capture();
    expect(await runCli(["fhir", "questionnaire", shipped[0]!.slug, "--database-url", databaseUrl], fromStore.io)).toBe(0);
    expect(JSON.parse(fromStore.out())).toEqual(JSON.parse(fromFile.out()));
  });
});
