import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedIn, TEST_PASSWORD, type ConsoleServer } from "../console/consoleServer.js";
import { WsClient } from "../web/wsClient.js";
import { closeAdminConsole, createNode, fillFields, goesTo, openAdminConsole, SAFETY_NET, submitted } from "./adminDriver.js";
import { expectSimulatedResult, simulateNoDangerSign } from "./simulatorDriver.js";

/*
 * The administrator's flow work as a medical lead does it in Chromium, against the real server:
 * draft, form edits, a validation error pinned to its node, simulation in French, a test case,
 * publication; then patients on /ws: one who started before keeps the old version, one who
 * starts afterwards gets the new one.
 */

let browser: Browser;
let app: ConsoleServer;
const contexts: BrowserContext[] = [];

/** A patient on the web channel's protocol: starts a flow and returns the first question asked. */
async function startPatient(flow: string, locale: "fr" | "en" = "en") {
  const client = await WsClient.connect(`${app.baseUrl.replace(/^http/, "ws")}/ws?lang=${locale}`, { origin: app.baseUrl });
  const start = await client.turn({ id: randomUUID(), type: "start", flow, locale });
  const [session] = client.drain("session");
  const question = (reply: typeof start) => reply.messages.map((m) => m.message.body).find((b) => b.kind === "question");
  return {
    client,
    sessionId: session!.sessionId,
    firstQuestion: question(start),
    async answer(questionId: string, value: unknown) {
      return question(await client.turn({ id: randomUUID(), type: "answer", questionId, value }));
    },
  };
}

async function admin(): Promise<Page> {
  const session = await signedIn(browser, app.baseUrl, "lead@clinic.example", { then: "/console/admin/flows" });
  contexts.push(session.context);
  return session.page;
}

beforeAll(async () => {
  ({ browser, app } = await openAdminConsole());
}, 300_000);

afterAll(() => closeAdminConsole({ browser, app, contexts }));

describe("an administrator editing the headache flow", () => {
  it("adds a question and an outcome, fixes a pinned error, simulates in French, saves a test case and publishes; patients before keep v1, after get v2", async () => {
    const before = await startPatient("headache");
    expect(before.firstQuestion).toMatchObject({ question: { questionId: "danger_signs" } });

    const page = await admin();
    await expect.poll(() => page.getByTestId("flow-headache").isVisible()).toBe(true);
    await page.getByTestId("create-draft-headache").click();
    await page.waitForURL(/\/console\/admin\/flows\/headache$/);

    // An outcome, then a question written in French only, both with the "Add a node" form; "goes to" offers the flow's nodes.
    await createNode(page, "travel_review", "outcome", {
      urgency: "SOON",
      routing: "same_day_teleconsultation",
      title_fr: "Avis médical aujourd'hui",
      title_en: "See a doctor today",
      advice_fr: "Un médecin doit vous voir aujourd'hui après ce voyage.",
      advice_en: "A doctor should see you today after this trip.",
      ...SAFETY_NET,
    });
    await createNode(
      page,
      "recent_travel",
      "question",
      { text_fr: "Revenez-vous d'un voyage en zone tropicale ?" },
      {
        type: "yes_no",
        then: async (form) => {
          await form.getByTestId("new-node-goes-to-yes").selectOption("travel_review");
          await goesTo(form, "age_years");
        },
      },
    );
    // Asked right after the danger signs: a flow may not end below EMERGENCY before the danger screen
    // (the library's red-flag screens, checked by Validate and the publish gate).
    await page.goto("/console/admin/flows/headache?node=danger_signs#node-form");
    const dangerForm = page.getByTestId("question-form");
    await expect.poll(() => dangerForm.getAttribute("data-ready")).toBe("true");
    await dangerForm.getByTestId("next-default").selectOption("recent_travel");
    await submitted(page, dangerForm.getByTestId("save-node"));

    await page.goto("/console/admin/flows/headache");
    await page.getByTestId("validate").click();
    const pinned = page.locator('[data-testid="problems"] li[data-node="recent_travel"]');
    await expect.poll(() => pinned.count()).toBeGreaterThan(0);
    expect(await pinned.first().getAttribute("data-code")).toBe("missing-translation");

    // The problem links to its node's form: add the English text there.
    await pinned.first().getByRole("link").click();
    await page.waitForURL(/node=recent_travel/);
    const travelForm = page.getByTestId("question-form");
    await expect.poll(() => travelForm.getAttribute("data-ready")).toBe("true");
    await fillFields(travelForm, { text_en: "Are you back from a trip to the tropics?" });
    await submitted(page, travelForm.getByTestId("save-node"));
    await page.goto("/console/admin/flows/headache");
    await expect.poll(() => page.getByTestId("valid").isVisible()).toBe(true);

    // Simulate in French with the same engine as patients: no danger sign, then back from the tropics.
    await page.getByTestId("simulate-fr").click();
    await simulateNoDangerSign(page);
    await expect.poll(() => page.getByTestId("sim-transcript").textContent()).toContain("Revenez-vous d'un voyage en zone tropicale ?");
    expect(await page.getByTestId("sim-node").textContent()).toContain("recent_travel");
    await page.getByTestId("sim-answer").getByRole("button", { name: "Oui" }).click();
    await expectSimulatedResult(page, { urgency: "SOON", routing: "same_day_teleconsultation", node: "travel_review" });
    expect(await page.getByTestId("sim-transcript").textContent()).toContain("Avis médical aujourd'hui");
    expect(await page.getByTestId("sim-answers").textContent()).toContain("recent_travel");
    expect(await page.getByTestId("sim-reasons").textContent()).toContain("recent_travel__yes");
    const save = page.getByTestId("save-test");
    await save.locator('[name="name"]').fill("Retour de voyage : avis le jour même");
    await save.getByRole("button").click();
    await expect.poll(() => page.getByTestId("test-saved").isVisible()).toBe(true);

    // Back in the draft: the test case runs with validation; the diff names the additions.
    await page.goto("/console/admin/flows/headache");
    await expect.poll(() => page.locator('[data-testid="tests"] li[data-ok="true"]').count()).toBe(1);
    const added = await page.getByTestId("diff-added").textContent();
    expect(added).toContain("recent_travel (question)");
    expect(added).toContain("travel_review (outcome)");
    await page.getByTestId("change-note").fill("Travel screening after the danger signs");
    await page.getByTestId("publish").click();
    await expect.poll(() => page.getByTestId("published").textContent()).toContain("2");

    // A patient starting now gets version 2; the one who started before keeps version 1.
    const after = await startPatient("headache", "fr");
    expect(after.firstQuestion).toMatchObject({ question: { questionId: "danger_signs" } });
    expect(await after.answer("danger_signs", ["none"])).toMatchObject({ question: { questionId: "recent_travel" } });
    expect(await after.answer("recent_travel", "yes")).toBeUndefined();
    const next = await before.answer("danger_signs", ["none"]);
    expect(next).toMatchObject({ question: { questionId: "age_years" } });
    const rows = await app.store.prisma.session.findMany({ where: { id: { in: [before.sessionId, after.sessionId] } } });
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.flowVersion, r.urgency]]))).toEqual({ [before.sessionId]: [1, null], [after.sessionId]: [2, "SOON"] });
    await Promise.all([before.client.close(), after.client.close()]);

    // Analytics: sessions per version on the flow's page, and the last 7 days on the list.
    await page.goto("/console/admin/flows/headache?section=history");
    expect(await page.locator('[data-testid="version-usage"] tr[data-version="2"]').textContent()).toContain("SOON 1");
    expect(await page.locator('[data-testid="version-usage"] tr[data-version="1"]').textContent()).toContain("none 1");
    await page.goto("/console/admin/flows");
    // The list names levels as the deployment labels them (SOON: "Same day"), and unfinished sessions in words.
    expect(await page.getByTestId("flow-headache").textContent()).toContain("Same day 1");
    expect(await page.getByTestId("flow-headache").textContent()).toContain("Not finished 1");

    const published = (await app.store.readAuditEvents("admin", 0)).filter(
      (e) => e.type === "flow.published" && JSON.stringify(e.payload).includes('"version":2'),
    );
    expect(published).toHaveLength(1);
    expect(published[0]!.payload).toMatchObject({
      actor: "lead@clinic.example",
      details: { slug: "headache", changeNote: "Travel screening after the danger signs" },
    });
  }, 180_000);

  it("refuses to publish a draft whose test case fails", async () => {
    const page = await admin();
    await page.goto("/console/admin/flows/headache");
    await page.getByTestId("create-draft").click();
    await page.goto("/console/admin/flows/headache?node=travel_review");
    await page.getByTestId("outcome-form").locator('[name="urgency"]').selectOption("ROUTINE");
    await page.getByTestId("outcome-form").locator('[name="routing"]').selectOption("routine_teleconsultation");
    await submitted(page, page.getByTestId("save-node"));
    await page.goto("/console/admin/flows/headache");
    await expect.poll(() => page.locator('[data-testid="tests"] li[data-ok="false"]').count()).toBe(1);
    expect(await page.getByTestId("not-publishable").isVisible()).toBe(true);
    await page.getByTestId("change-note").fill("Downgrade travel");
    await page.getByTestId("publish").click();
    await expect.poll(() => page.getByTestId("action-error").textContent()).toContain("test case");
    // The API publishes only a reviewed revision: without one it is refused (428) before anything runs.
    expect((await page.request.post("/api/console/admin/flows/headache/publish", { data: { note: "again" } })).status()).toBe(428);
    const { draft } = (await (await page.request.get("/api/console/admin/flows/headache/draft")).json()) as { draft: { revision: string } };
    const api = await page.request.post("/api/console/admin/flows/headache/publish", { data: { note: "again", revision: draft.revision } });
    expect(api.status()).toBe(409);
    expect(await api.json()).toMatchObject({ code: "ADMIN_TESTS_FAILED" });
    const versions = await app.store.listFlowVersions("headache");
    expect(versions.filter((v) => v.status === "published").map((v) => v.version)).toEqual([2, 1]);

    // The graph view of the draft (@xyflow/svelte, laid out by dagre): one box per node; a click opens the node's form.
    await page.goto("/console/admin/flows/headache/graph");
    const box = page.locator('.svelte-flow__node[data-id="recent_travel"]');
    await box.waitFor();
    expect(await page.locator(".svelte-flow__node").count()).toBe(Number(await page.getByTestId("flow-graph").getAttribute("data-nodes")));
    await box.click();
    await page.waitForURL(/node=recent_travel/);
    expect(await page.getByTestId("question-form").isVisible()).toBe(true);

    // The JSON editor (CodeMirror 6) writes the same draft as the forms.
    await page.goto("/console/admin/flows/headache?section=json");
    const code = page.getByTestId("draft-json-cm");
    await code.click();
    // The last key wins in JSON: append a description just before the closing brace.
    await page.keyboard.press("Control+End");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.insertText(', "description": { "fr": "Édité en JSON", "en": "Edited as JSON" }');
    await page.getByTestId("save-json").click();
    await expect.poll(async () => (await app.store.flowDraft("headache"))?.definition.description).toEqual({ fr: "Édité en JSON", en: "Edited as JSON" });

    // Discard the draft, then roll back: version 1's content published again as version 3.
    await page.goto("/console/admin/flows/headache");
    await page.getByTestId("discard").click();
    await expect.poll(() => page.getByTestId("create-draft").isVisible()).toBe(true);
    await page.locator('[data-testid="versions"] tr', { hasText: "shipped" }).getByRole("button").click();
    await expect.poll(() => page.getByTestId("published").textContent()).toContain("3");
    expect((await app.store.latestFlowVersion("headache"))?.definition.start).toBe("danger_signs");

    // "Validate" with no draft open (e.g. discarded in another tab) says why; it is never answered "validated".
    const validate = await page.request.post("/console/admin/flows/headache?/validate", {
      form: {},
      headers: { origin: app.baseUrl, "x-sveltekit-action": "true" },
    });
    const result = (await validate.json()) as { type: string; status: number; data: string };
    expect(result).toMatchObject({ type: "failure", status: 404 });
    expect(result.data).toMatch(/n'a pas de brouillon|has no draft/);
    expect(result.data).not.toContain("validated");
  }, 120_000);
});

describe("an administrator managing accounts and the audit", () => {
  it("adds a clinician, who signs in; deactivating them revokes their console session at once", async () => {
    const page = await admin();
    await page.goto("/console/admin/users");
    const add = page.getByTestId("add-user");
    await add.locator('[name="email"]').fill("temp@clinic.example");
    await add.locator('[name="displayName"]').fill("Dr Temp");
    await add.locator('[name="password"]').fill(TEST_PASSWORD);
    await add.getByRole("button").click();
    await expect.poll(() => page.getByTestId("user-added").textContent()).toContain("temp@clinic.example");

    const temp = await signedIn(browser, app.baseUrl, "temp@clinic.example");
    contexts.push(temp.context);
    expect((await temp.context.request.get("/api/console/me")).status()).toBe(200);
    await page.getByTestId("deactivate-temp@clinic.example").click();
    await expect.poll(async () => (await temp.context.request.get("/api/console/me")).status()).toBe(401);
    const user = await app.store.prisma.user.findUnique({ where: { email: "temp@clinic.example" } });
    expect(user?.active).toBe(false);
    expect(await app.store.prisma.consoleSession.count({ where: { userId: user!.id } })).toBe(0);
    const events = await app.store.readAuditEvents("admin", 0);
    expect(events.find((e) => e.type === "user.deactivated")?.payload).toMatchObject({
      actor: "lead@clinic.example",
      details: { userId: user!.id, sessionsRevoked: 1 },
    });
  }, 120_000);

  it("shows every audit stream with its chain verified", async () => {
    const page = await admin();
    await page.goto("/console/admin/audit");
    expect(await page.locator('[data-testid="chains"] tr[data-stream="admin"]').getAttribute("data-ok")).toBe("true");
    expect(await page.locator('[data-testid="chains"] tr[data-ok="false"]').count()).toBe(0);
    expect(await page.getByTestId("events").textContent()).toContain("flow.published");
  }, 60_000);
});

describe("a clinician", () => {
  it("gets 403 from every administration page and API", async () => {
    const session = await signedIn(browser, app.baseUrl, "nurse@clinic.example");
    contexts.push(session.context);
    const request = session.context.request;
    for (const path of [
      "/console/admin/flows",
      "/console/admin/flows/headache",
      "/console/admin/flows/headache/simulate?lang=fr",
      "/console/admin/flows/headache/graph",
      "/console/admin/audit",
      "/console/admin/settings",
      "/console/admin/users",
    ]) {
      expect((await request.get(path, { maxRedirects: 0 })).status(), path).toBe(403);
    }
    for (const path of ["/api/console/admin/flows", "/api/console/admin/flows/headache/draft", "/api/console/admin/flows/headache/export?version=1"]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(403);
      expect(await response.json()).toMatchObject({ code: "CONSOLE_FORBIDDEN" });
    }
    for (const path of [
      "/api/console/admin/flows/headache/draft",
      "/api/console/admin/flows/headache/check",
      "/api/console/admin/flows/headache/publish",
      "/api/console/admin/flows/headache/simulate",
    ]) {
      expect((await request.post(path, { data: { note: "x", locale: "fr", answers: [] } })).status(), path).toBe(403);
    }
    const form = await request.post("/console/admin/flows/headache?/publish", { form: { note: "x" }, headers: { origin: app.baseUrl }, maxRedirects: 0 });
    expect(form.status()).toBe(403);
    expect((await app.store.listFlowVersions("headache")).some((v) => v.changeNote === "x")).toBe(false);
  }, 120_000);
});
