import { error } from "@sveltejs/kit";
import { consoleLocale } from "$lib/server/auth/consoleLocale";
import { consoleServices } from "$lib/server/consoleServices";
import { guardPage } from "$lib/server/auth/guard";
import { runtime } from "$lib/server/runtime";
import { urgencyLabelsIn } from "$lib/server/urgencyLabels";
import type { PageServerLoad } from "./$types";

/** A case in the workspace: the queue, its transcript, answers, reasons, notes; the page then follows both live. */
export const load: PageServerLoad = async (event) => {
  const identity = await guardPage(event, "clinician");
  const lang = consoleLocale(event);
  try {
    const detail = await consoleServices().detail(event.params.id, lang);
    // The LLM case summary (bot/llm), when the assist is configured: stored in the session's audit chain.
    const summaries = runtime().assist?.summaries;
    const assist = summaries ? { summary: (await summaries.latest(detail.case.sessionId)) ?? null } : null;
    // Erased at the patient's request (bot/retention): the page says so; administrators may erase.
    const erasure = {
      erasedAt: (await runtime().erasure?.erasedAt(detail.case.sessionId)) ?? null,
      canErase: identity.user.role === "admin" && runtime().erasure !== undefined,
    };
    // The workspace's queue pane (issue 24, item 7), live afterwards like the queue page's.
    const cases = await consoleServices().queueIn(lang);
    // What this clinician has read of each case (the queue's unread marks), kept on the server.
    const reads = await consoleServices().readMarks(identity.user.id);
    // The reply box's canned replies (administrators write them); none without the database store.
    const replies = (await runtime().admin?.replies.list()) ?? [];
    return { me: identity.user.id, detail, urgencyLabels: urgencyLabelsIn(lang), assist, erasure, cases, reads, replies, serverTime: new Date().toISOString() };
  } catch (thrown) {
    if ((thrown as { code?: unknown }).code === "CONSOLE_CASE_NOT_FOUND") error(404, "No such case");
    throw thrown;
  }
};
