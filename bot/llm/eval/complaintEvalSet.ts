import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The labelled set shipped with the repository (220 opening messages, fr/en/Darija, misspellings as typed). */
export const DEFAULT_COMPLAINT_SET = fileURLToPath(new URL("./complaintSet.json", import.meta.url));

const itemSchema = z.strictObject({
  id: z.string().min(1).max(100),
  language: z.enum(["fr", "en", "darija"]),
  text: z.string().min(1).max(1000),
  /** The option(s) a clinician would accept as the main complaint. */
  complaints: z.array(z.string().min(1)).min(1).max(3),
});
const setSchema = z.object({ about: z.string().optional(), items: z.array(itemSchema).min(1).max(10_000) });

export type ComplaintEvalItem = z.infer<typeof itemSchema>;

/** Reads and validates a labelled set; throws a readable error naming the first problem. */
export function readComplaintSet(path: string): ComplaintEvalItem[] {
  const parsed = setSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`);
  return parsed.data.items;
}
