import { error } from "@sveltejs/kit";
import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { consoleRuntime } from "$lib/server/auth/consoleRuntime";
import { guardPage } from "$lib/server/auth/guard";
import { runtime } from "$lib/server/runtime";
import { urgencyLabelsIn } from "$lib/server/urgencyLabels";
import type { PageServerLoad } from "./$types";

/** A case: transcript, answers, reasons, notes; the page then follows the transcript live. */
export const load: PageServerLoad = async (event) => {
  const identity = await guardPage(event, "clinician");
  const lang = consoleLocale(event);
  try {
    const detail = await consoleRuntime().detail(event.params.id, lang);
    // The LLM case summary (bot/llm), when the assist is configured: stored in the session's audit chain.
    const summaries = runtime().assist?.summaries;
    const assist = summaries ? { summary: (await summaries.latest(detail.case.sessionId)) ?? null } : null;
    // Erased at the patient's request (bot/retention): the page says so; administrators may erase.
    const erasure = { erasedAt: (await runtime().erasure?.erasedAt(detail.case.sessionId)) ?? null, canErase: identity.user.role === "admin" && runtime().erasure !== undefined };
    return { me: identity.user.id, detail, urgencyLabels: urgencyLabelsIn(lang), assist, erasure };
  } catch (thrown) {
    if ((thrown as { code?: unknown }).code === "CONSOLE_CASE_NOT_FOUND") error(404, "No such case");
    throw thrown;
  }
};
