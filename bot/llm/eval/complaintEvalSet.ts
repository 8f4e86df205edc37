import { fileURLToPath } from "node:url";
import { z } from "zod";
import { evalItemBase, readEvalSet } from "./evalSetFile.js";

/** The labelled set shipped with the repository (220 opening messages, fr/en/Darija, misspellings as typed). */
export const DEFAULT_COMPLAINT_SET = fileURLToPath(new URL("./complaintSet.json", import.meta.url));

const itemSchema = evalItemBase.extend({
  /** The option(s) a clinician would accept as the main complaint. */
  complaints: z.array(z.string().min(1)).min(1).max(3),
});

export type ComplaintEvalItem = z.infer<typeof itemSchema>;

/** Reads and validates a labelled set; throws a readable error naming the first problem. */
export function readComplaintSet(path: string): ComplaintEvalItem[] {
  return readEvalSet(path, itemSchema);
}
