import { fileURLToPath } from "node:url";
import { z } from "zod";
import { evalItemBase, readEvalSet } from "./evalSetFile.js";

/** The red-flag set shipped with the repository: opening messages labelled with the warning signs a clinician would want asked about. */
export const DEFAULT_SIGNS_SET = fileURLToPath(new URL("./signsSet.json", import.meta.url));

const itemSchema = evalItemBase.extend({
  /** Options of the entry flow's signs confirmation the text describes; empty: none. */
  signs: z.array(z.string().min(1)).max(5),
});

export type SignsEvalItem = z.infer<typeof itemSchema>;

/** Reads and validates a red-flag set; throws a readable error naming the first problem. */
export function readSignsSet(path: string): SignsEvalItem[] {
  return readEvalSet(path, itemSchema);
}
