import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The red-flag set shipped with the repository: opening messages labelled with the warning signs a clinician would want asked about. */
export const DEFAULT_SIGNS_SET = fileURLToPath(new URL("./signsSet.json", import.meta.url));

const itemSchema = z.strictObject({
  id: z.string().min(1).max(100),
  language: z.enum(["fr", "en", "darija"]),
  text: z.string().min(1).max(1000),
  /** Options of the entry flow's signs confirmation the text describes; empty: none. */
  signs: z.array(z.string().min(1)).max(5),
});
const setSchema = z.object({ about: z.string().optional(), items: z.array(itemSchema).min(1).max(10_000) });

export type SignsEvalItem = z.infer<typeof itemSchema>;

/** Reads and validates a red-flag set; throws a readable error naming the first problem. */
export function readSignsSet(path: string): SignsEvalItem[] {
  const parsed = setSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`);
  return parsed.data.items;
}
