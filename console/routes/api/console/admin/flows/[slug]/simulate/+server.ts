import { json } from "@sveltejs/kit";
import { z } from "zod";
import { adminFlows } from "$lib/admin/adminServices";
import { consoleApi, readBody } from "$lib/server/auth/consoleApi";

const bodySchema = z.object({
  locale: z.enum(["fr", "en"]),
  answers: z.array(z.object({ questionId: z.string(), value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]) })).max(200),
});

/** POST { locale, answers }: replays the answers with the draft through the pure engine (nothing stored). */
export const POST = consoleApi<{ slug: string }>("admin", async (event) => {
  const body = await readBody(event.request, bodySchema);
  return json(await adminFlows().simulate(event.params.slug, body.locale, body.answers));
});
