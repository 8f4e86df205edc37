import { fail, type RequestEvent } from "@sveltejs/kit";
import { z } from "zod";
import { isCoded } from "$wire/errors";
import type { SimulatedAnswer, Simulation } from "../../../../../../../bot/admin/simulateDraft";
import { admin, adminFlows, editorOf } from "$lib/admin/adminServices";
import { guardPage } from "$lib/server/auth/guard";
import { refusalText } from "$lib/server/refusalText";
import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { urgencyLabelsIn } from "$lib/server/urgencyLabels";
import type { Actions, PageServerLoad } from "./$types";

/*
 * Chat with the draft: the page keeps the answers so far (a hidden field) and the server replays
 * them through the pure engine on every step; no session is stored.
 */

const answersSchema = z.array(z.object({ questionId: z.string(), value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]) }));
const localeOf = (url: URL): "fr" | "en" => (url.searchParams.get("lang") === "en" ? "en" : "fr");

function readAnswers(form: FormData): SimulatedAnswer[] {
  try {
    const parsed = answersSchema.safeParse(JSON.parse(String(form.get("answers") ?? "[]")));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

const valueSchema = z.union([z.string().max(2_000), z.number(), z.boolean(), z.array(z.string().max(200)).max(100)]);

/** The value the chat page would send for this question type, from the form: as the chat's own input gave it (JSON), or typed. */
function readValue(form: FormData, type: string): SimulatedAnswer["value"] {
  const json = form.get("value_json");
  if (typeof json === "string" && json !== "" && json.length <= 10_000) {
    try {
      const parsed = valueSchema.safeParse(JSON.parse(json));
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON: read as typed below.
    }
  }
  if (type === "multiple_choice") return form.getAll("value").map(String);
  const raw = String(form.get("value") ?? "");
  if ((type === "number" || type === "scale") && raw.trim() !== "" && Number.isFinite(Number(raw))) return Number(raw);
  return raw;
}

async function run(event: RequestEvent, slug: string, locale: "fr" | "en", answers: SimulatedAnswer[]): Promise<{ simulation?: Simulation; error?: string }> {
  try {
    return { simulation: await adminFlows().simulate(slug, locale, answers) };
  } catch (thrown) {
    if (isCoded(thrown) && thrown.code.startsWith("ADMIN_")) return { error: refusalText(thrown, event) };
    throw thrown;
  }
}

export const load: PageServerLoad = async (event) => {
  await guardPage(event, "admin");
  const locale = localeOf(event.url);
  return { slug: event.params.slug, locale, start: await run(event, event.params.slug, locale, []), urgencyLabels: urgencyLabelsIn(consoleLocale(event)) };
};

export const actions: Actions = {
  answer: async (event) => {
    await guardPage(event, "admin");
    const form = await event.request.formData();
    const locale = localeOf(event.url);
    const answers = readAnswers(form);
    const questionId = String(form.get("questionId") ?? "");
    answers.push({ questionId, value: readValue(form, String(form.get("type") ?? "")) });
    const step = await run(event, event.params.slug, locale, answers);
    // Keep only the answers the engine accepted, so a refused one can be given again.
    const kept = step.simulation?.refused ? answers.slice(0, -1) : answers;
    return { answers: kept, ...step };
  },
  saveTest: async (event) => {
    const identity = await guardPage(event, "admin");
    const form = await event.request.formData();
    const answers = readAnswers(form);
    const parsed = admin().testCaseSchema.safeParse({
      id: `tc_${Date.now().toString(36)}`,
      slug: event.params.slug,
      name: String(form.get("name") ?? "").trim(),
      locale: localeOf(event.url),
      answers,
      expected: { urgency: form.get("urgency"), routing: form.get("routing") },
    });
    if (!parsed.success)
      return fail(422, {
        answers,
        saveError: parsed.error.issues.map((i) => i.path.join(".")).join(", "),
        ...(await run(event, event.params.slug, localeOf(event.url), answers)),
      });
    await adminFlows().saveTestCase(parsed.data, editorOf(identity));
    return { answers, testSaved: true, ...(await run(event, event.params.slug, localeOf(event.url), answers)) };
  },
};
