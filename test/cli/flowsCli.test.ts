import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FlowCatalog } from "../../bot/engine/flowCatalog.js";
import { startSessionTurn } from "../../bot/engine/startSessionTurn.js";
import { takeTurn } from "../../bot/engine/takeTurn.js";
import { flowSchema, sessionQuestion } from "../../flows/index.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { URINARY_RETENTION } from "../fixtures/urinaryRetention.js";

const ROOT = join(import.meta.dirname, "../..");
const run = promisify(execFile);

/** Runs the real CLI in a child process; returns its exit code and output (never throws on a non-zero exit). */
async function triage(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "bot/cli/main.ts", ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

let dir: string;
let tiny: string;
let corrupted: string;
let library: string;
const ELDERLY_IN_PAIN = JSON.stringify({ age: 70, symptoms: "cough", pain: "8" });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "triage-cli-"));
  tiny = join(dir, "tiny.json");
  writeFileSync(tiny, JSON.stringify(tinyFlow(), null, 2));
  const broken = structuredClone(tinyFlow());
  const age = broken.nodes.find((n) => n.id === "age")!;
  if (age.kind === "question") {
    age.next.default = "nowhere";
    delete age.text.en;
  }
  corrupted = join(dir, "corrupted.json");
  writeFileSync(corrupted, JSON.stringify(broken));
  // An empty library: the tests do not depend on the flows others are writing.
  library = join(dir, "library");
  mkdirSync(library);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("triage flows validate", () => {
  it("exits 0 and prints OK for a valid flow", async () => {
    const { code, stdout } = await triage("flows", "validate", tiny, "--library", library);
    expect(stdout).toBe(`OK ${tiny}\n`);
    expect(code).toBe(0);
  });

  it("exits 1 and prints one line per problem, naming the node, for a corrupted flow", async () => {
    const { code, stdout } = await triage("flows", "validate", tiny, corrupted, "--library", library);
    expect(code).toBe(1);
    expect(stdout).toContain(`OK ${tiny}\nFAIL ${corrupted}\n`);
    expect(stdout).toContain(
      '  [unknown-node-reference] node age: next.default of number question age goes to "nowhere", which is no node of this flow (at nodes[1].next.default)\n',
    );
    expect(stdout).toContain('  [missing-translation] node age: text of node age has no "en" translation (at nodes[1].text)\n');
  });

  it("exits 2 with a clear message when a file cannot be read or is not JSON", async () => {
    const notJson = join(dir, "not-json.json");
    writeFileSync(notJson, "{ nodes: [");
    const { code, stderr } = await triage("flows", "validate", join(dir, "missing.json"), notJson, "--library", library);
    expect(code).toBe(2);
    expect(stderr).toContain(`cannot read ${join(dir, "missing.json")}: no such file`);
    expect(stderr).toContain(`${notJson} is not valid JSON`);
  });
});

describe("triage flows simulate", () => {
  it("prints urgency, routing and reasons with the answers they read as JSON", async () => {
    const { code, stdout } = await triage("flows", "simulate", tiny, "--answers", ELDERLY_IN_PAIN, "--json", "--locale", "en", "--library", library);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      slug: "tiny",
      version: 1,
      locale: "en",
      flows: ["tiny@1"],
      asked: ["age", "symptoms", "pain"],
      skipped: [],
      urgency: "SOON",
      routing: "same_day_teleconsultation",
      outcome: "soon",
      redFlag: null,
      reasons: [
        { flow: "tiny", rule: "high_score", kind: "decision", text: "High score", answers: [{ id: "score", question: "Score", value: 3, display: "3" }] },
        { flow: "tiny", rule: "elderly", kind: "decision", text: "Age ≥ 65", answers: [{ id: "age", question: "Age?", value: 70, display: "70 years" }] },
      ],
    });
  });

  it("prints the transcript and the result in French by default", async () => {
    const answers = join(dir, "answers.json");
    writeFileSync(answers, JSON.stringify({ age: 40, symptoms: ["blue_lips"] }));
    const { code, stdout } = await triage("flows", "simulate", tiny, "--answers", answers, "--library", library);
    expect(code).toBe(0);
    expect(stdout).toContain("?  Âge ?\n>  40 ans\n?  Symptômes ?\n>  Lèvres bleues\n");
    expect(stdout).toContain("Urgency: EMERGENCY (Urgence vitale)\nRouting: emergency_services\n");
    expect(stdout).toContain("Red flag: cyanosis\n");
    expect(stdout).toContain("  - Lèvres bleues [red_flag tiny/cyanosis] (Symptômes ? = Lèvres bleues)\n");
  });

  it("exits 1 naming the question when the answers do not cover it, still printing JSON", async () => {
    const { code, stdout } = await triage("flows", "simulate", tiny, "--answers", '{"age": 70}', "--json", "--library", library);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ asked: ["age"], error: 'no answer given for question "symptoms" ("Symptômes ?")' });
  });

  it("exits 1 with the parse problem when an answer does not fit the question", async () => {
    const { code, stdout } = await triage("flows", "simulate", tiny, "--answers", '{"age": 700}', "--library", library);
    expect(code).toBe(1);
    expect(stdout).toContain('the answer 700 to question "age" ("Âge ?") does not parse: out_of_range (must be between 0 and 120)');
  });

  describe("as patients are asked (question economy)", () => {
    const URINARY = join(ROOT, "flows/library/urinary.json");
    const RETENTION: Readonly<Record<string, unknown>> = URINARY_RETENTION;

    /** The same answers given by a patient: the engine's turns with the flow catalog's compiled published version. */
    async function patientSession() {
      const record = {
        slug: "urinary",
        version: 1,
        definition: flowSchema.parse(JSON.parse(readFileSync(URINARY, "utf8"))),
        publishedAt: new Date(0).toISOString(),
      };
      const catalog = new FlowCatalog({ latestFlowVersion: async () => record, flowVersion: async () => record });
      const ctx = { resolver: await catalog.resolverFor([{ slug: "urinary" }]), now: new Date(), config: { emergencyNumbers: [], slaMinutes: {} } };
      let turn = startSessionTurn(ctx, { id: "patient", flow: "urinary", locale: "en", channel: "test" });
      const audit = [...turn.audit];
      const asked: string[] = [];
      for (let q = sessionQuestion(ctx.resolver, turn.session.state).question; q; q = sessionQuestion(ctx.resolver, turn.session.state).question) {
        asked.push(q.id);
        turn = takeTurn(ctx, turn.session, { type: "answer", value: RETENTION[q.id], questionId: q.id });
        audit.push(...turn.audit);
      }
      return { asked, skipped: audit.filter((a) => a.type === "question.skipped").map((a) => a.payload as { question: string; reason: string }) };
    }

    it("skips the questions a patient session skips with the same answers, and lists them with why", async () => {
      const { code, stdout } = await triage(
        "flows",
        "simulate",
        URINARY,
        "--answers",
        JSON.stringify(RETENTION),
        "--json",
        "--locale",
        "en",
        "--library",
        library,
      );
      expect(code).toBe(0);
      const simulated = JSON.parse(stdout);
      const patient = await patientSession();
      expect(simulated.urgency).toBe("URGENT");
      expect(simulated.asked).toEqual(patient.asked);
      expect(simulated.skipped.map((s: { id: string; reason: string }) => ({ question: s.id, reason: s.reason }))).toEqual(
        patient.skipped.map(({ question, reason }) => ({ question, reason })),
      );
      expect(simulated.skipped).toContainEqual({
        flow: "urinary",
        id: "key_symptoms",
        reason: "cannot_change_outcome",
        text: "Not asked: no answer could change the outcome",
      });
    });

    it("shows the questions not asked in the transcript, and asks every one with --no-economy", async () => {
      const economy = await triage("flows", "simulate", URINARY, "--answers", JSON.stringify(RETENTION), "--library", library);
      expect(economy.code).toBe(0);
      expect(economy.stdout).toContain(
        "-  Y a-t-il l'un de ces signes ? Cochez tout ce qui s'applique.\n   (Non demandée : aucune réponse ne pouvait changer le résultat)\n",
      );

      const every = await triage("flows", "simulate", URINARY, "--answers", JSON.stringify(RETENTION), "--json", "--no-economy", "--library", library);
      expect(every.code).toBe(0);
      expect(JSON.parse(every.stdout)).toMatchObject({ urgency: "URGENT", skipped: [], asked: Object.keys(RETENTION) });
    });
  });

  it("exits 2 when the flow is neither a file nor a library slug", async () => {
    const { code, stderr } = await triage("flows", "simulate", "no-such-flow", "--answers", "{}", "--library", library);
    expect(code).toBe(2);
    expect(stderr).toContain('"no-such-flow" is neither a flow file nor a flow of the library');
  });
});

describe("bin/triage.mjs", () => {
  it("runs the same CLI through the local tsx from any working directory", async () => {
    const { stdout } = await run(process.execPath, [join(ROOT, "bin/triage.mjs"), "flows", "validate", tiny, "--library", library], { cwd: tmpdir() });
    expect(stdout).toBe(`OK ${tiny}\n`);
  });
});
