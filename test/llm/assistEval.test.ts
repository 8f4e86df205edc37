import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_COMPLAINT_SET, readComplaintSet } from "../../bot/llm/eval/complaintEvalSet.js";
import { DEFAULT_SIGNS_SET, readSignsSet } from "../../bot/llm/eval/signsEvalSet.js";
import { FakeOpenAiServer } from "./fakeOpenAiServer.js";

/*
 * `triage assist eval` end to end: the CLI in its own process, the real openai SDK, a fake
 * OpenAI-compatible server that knows the labels and is scripted to be right in English and
 * French, wrong in Darija, and failing (500) on each label's eleventh item.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const items = readComplaintSet(DEFAULT_COMPLAINT_SET);
const signItems = readSignsSet(DEFAULT_SIGNS_SET);
let fake: FakeOpenAiServer;

const run = (args: string[], env: Record<string, string>) =>
  promisify(execFile)(process.execPath, ["--import", "tsx", "bot/cli/main.ts", "assist", "eval", ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "silent", ...env },
  }).then(
    (done) => ({ code: 0, stdout: done.stdout, stderr: done.stderr }),
    (failed: { code: number; stdout: string; stderr: string }) => ({ code: failed.code, stdout: failed.stdout, stderr: failed.stderr }),
  );

beforeAll(async () => {
  fake = await FakeOpenAiServer.start();
  const byText = new Map(items.map((i) => [i.text, i]));
  const signsByText = new Map(signItems.map((i) => [i.text, i]));
  fake.script = (request) => {
    const text = /<patient_text>\n([\s\S]*)\n<\/patient_text>/.exec(request.user)?.[1] ?? "";
    // Warning signs: right in English and French, none named in Darija, a 500 on the no-sign items' first.
    if (request.system.includes("Name the warning signs")) {
      const labelled = signsByText.get(text);
      if (!labelled) return { content: '{"signs":[]}' };
      if (labelled.id === "no_sign-1") return { status: 500 };
      return { content: JSON.stringify({ signs: labelled.language === "darija" ? [] : labelled.signs }) };
    }
    const item = byText.get(text);
    if (!item) return { content: '{"complaints":[]}' };
    if (item.id.endsWith("-11")) return { status: 500 };
    if (item.language === "darija") return { content: '{"complaints":["other"]}' };
    return { content: JSON.stringify({ complaints: item.complaints }) };
  };
});
afterAll(async () => {
  await fake?.close();
});

describe("triage assist eval", () => {
  it("ships a labelled set of at least 200 items in French, English and Darija covering every complaint", () => {
    expect(items.length).toBeGreaterThanOrEqual(200);
    expect(new Set(items.map((i) => i.language))).toEqual(new Set(["fr", "en", "darija"]));
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  });

  it("runs the set against the configured endpoint and reports precision and recall per label, top-1 accuracy and the fallback rate", async () => {
    const { code, stdout } = await run(["--json"], { LLM_BASE_URL: fake.baseUrl, LLM_MODEL: "fake-model" });
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      model: string;
      items: number;
      fallbacks: number;
      failures: Record<string, number>;
      top1Accuracy: number;
      byLabel: { label: string; support: number; precision: number | null; recall: number | null }[];
      byLanguage: Record<string, { top1Accuracy: number }>;
    };
    const failing = items.filter((i) => i.id.endsWith("-11"));
    // Darija texts were all answered "other": wrong unless "other" was the label.
    const darija = items.filter((i) => i.language === "darija" && !i.id.endsWith("-11") && !i.complaints.includes("other"));
    expect(report).toMatchObject({ model: "fake-model", items: items.length, fallbacks: failing.length, failures: { server_error: failing.length } });
    expect(report.top1Accuracy).toBeCloseTo((items.length - failing.length - darija.length) / items.length, 10);
    expect(report.byLanguage.en!.top1Accuracy).toBeCloseTo(
      items.filter((i) => i.language === "en" && !i.id.endsWith("-11")).length / items.filter((i) => i.language === "en").length,
      10,
    );
    const chest = report.byLabel.find((l) => l.label === "chest_pain")!;
    const chestItems = items.filter((i) => i.complaints.includes("chest_pain"));
    const chestFound = chestItems.filter((i) => i.language !== "darija" && !i.id.endsWith("-11")).length;
    expect(chest).toMatchObject({ support: chestItems.length, precision: 1 });
    expect(chest.recall).toBeCloseTo(chestFound / chestItems.length, 10);
    // Every Darija text was answered "other": its precision drops, its recall stays whole (its own items were right or failed).
    const other = report.byLabel.find((l) => l.label === "other")!;
    expect(other.precision!).toBeLessThan(0.5);
    expect(report.byLabel).toHaveLength(20);
  });

  it("prints a table for a terminal", async () => {
    const { code, stdout } = await run([], { LLM_BASE_URL: fake.baseUrl, LLM_MODEL: "fake-model" });
    expect(code).toBe(0);
    expect(stdout).toContain("Complaint suggestions, model fake-model: 220 items");
    expect(stdout).toMatch(/chest_pain\s+11\s+100\.0%/);
    expect(stdout).toMatch(/fallback rate\s+9\.1%\s+\(server_error 20\)/);
  });

  it("ships a warning-signs set labelled with the entry flow's confirmation signs, in every language, with items that have none", () => {
    expect(new Set(signItems.map((i) => i.language))).toEqual(new Set(["fr", "en", "darija"]));
    expect(signItems.filter((i) => i.signs.length === 0).length).toBeGreaterThanOrEqual(10);
    expect(new Set(signItems.flatMap((i) => i.signs)).size).toBe(10);
  });

  it("reports the red-flag miss rate overall, per sign and per language, with the false-alarm and fallback rates", { timeout: 120_000 }, async () => {
    const { code, stdout } = await run(["--json"], { LLM_BASE_URL: fake.baseUrl, LLM_MODEL: "fake-model" });
    expect(code).toBe(0);
    const { redFlags } = JSON.parse(stdout) as {
      redFlags: {
        withSigns: number;
        misses: number;
        missRate: number;
        falseAlarmRate: number;
        fallbacks: number;
        failures: Record<string, number>;
        bySign: { sign: string; support: number; missed: number }[];
        byLanguage: Record<string, { missRate: number }>;
      };
    };
    const positives = signItems.filter((i) => i.signs.length > 0);
    const darija = positives.filter((i) => i.language === "darija");
    expect(redFlags).toMatchObject({ withSigns: positives.length, misses: darija.length, fallbacks: 1, failures: { server_error: 1 }, falseAlarmRate: 0 });
    expect(redFlags.missRate).toBeCloseTo(darija.length / positives.length, 10);
    expect(redFlags.byLanguage).toMatchObject({ en: { missRate: 0 }, fr: { missRate: 0 }, darija: { missRate: 1 } });
    const stroke = redFlags.bySign.find((s) => s.sign === "stroke_signs_text")!;
    expect(stroke.missed).toBe(darija.filter((i) => i.signs.includes("stroke_signs_text")).length);
    const table = await run([], { LLM_BASE_URL: fake.baseUrl, LLM_MODEL: "fake-model" });
    expect(table.stdout).toMatch(
      new RegExp(`red-flag miss rate\\s+${((darija.length / positives.length) * 100).toFixed(1)}%  \\(${darija.length} of ${positives.length};`),
    );
  });

  it("refuses to run without an endpoint, naming the variables", async () => {
    const { code, stderr } = await run([], {});
    expect(code).toBe(2);
    expect(stderr).toContain("LLM_BASE_URL and LLM_MODEL");
  });
});
