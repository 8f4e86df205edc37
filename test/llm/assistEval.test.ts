import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_COMPLAINT_SET, readComplaintSet } from "../../bot/llm/eval/complaintEvalSet.js";
import { FakeOpenAiServer } from "./fakeOpenAiServer.js";

/*
 * `triage assist eval` end to end: the CLI in its own process, the real openai SDK, a fake
 * OpenAI-compatible server that knows the labels and is scripted to be right in English and
 * French, wrong in Darija, and failing (500) on each label's eleventh item.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const items = readComplaintSet(DEFAULT_COMPLAINT_SET);
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
  fake.script = (request) => {
    const text = /<patient_text>\n([\s\S]*)\n<\/patient_text>/.exec(request.user)?.[1] ?? "";
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
    expect(report.byLanguage.en!.top1Accuracy).toBeCloseTo(items.filter((i) => i.language === "en" && !i.id.endsWith("-11")).length / items.filter((i) => i.language === "en").length, 10);
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

  it("refuses to run without an endpoint, naming the variables", async () => {
    const { code, stderr } = await run([], {});
    expect(code).toBe(2);
    expect(stderr).toContain("LLM_BASE_URL and LLM_MODEL");
  });
});
