import { error, json } from "@sveltejs/kit";
import { z } from "zod";
import { consoleApi, readBody } from "$lib/server/auth/consoleApi";
import { runtime } from "$lib/server/runtime";

/** The confirmation: the session id typed again (an erasure cannot be undone). */
const eraseRequest = z.object({ confirm: z.string().max(128) }).strict();

/**
 * POST {confirm}: erase the session's health data at the patient's request (bot/retention);
 * administrators only, audited as `session.erased` with who asked. The audit chains still verify.
 */
export const POST = consoleApi<{ id: string }>("admin", async (event, identity) => {
  const erasure = runtime().erasure;
  if (!erasure) error(503, "erasure is not available in this process");
  const body = await readBody(event.request, eraseRequest);
  const summary = await erasure.erase(event.params.id, { actor: identity.user.id, confirm: body.confirm });
  return json({ erasedAt: summary.erasedAt, alreadyErased: summary.alreadyErased });
});
