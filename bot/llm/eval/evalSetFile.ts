import { readFileSync } from "node:fs";
import { z } from "zod";

/** What every labelled item has: an id, the language it is written in, and the patient's opening message. */
export const evalItemBase = z.strictObject({
  id: z.string().min(1).max(100),
  language: z.enum(["fr", "en", "darija"]),
  text: z.string().min(1).max(1000),
});

/** Given a labelled set's path and its item schema, returns its items; throws a readable error naming the first problem. */
export function readEvalSet<T>(path: string, itemSchema: z.ZodType<T>): T[] {
  const setSchema = z.object({ about: z.string().optional(), items: z.array(itemSchema).min(1).max(10_000) });
  const parsed = setSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`);
  return parsed.data.items;
}
