import { z } from "zod";
import { localeSchema, slugSchema, urgencySchema } from "../schema/flowSchema.js";
import { urgencyRank, type Urgency } from "../urgency.js";

/*
 * A clinical vignette: a patient's story, what they answer to each question by its id, and the
 * levels a clinician would accept. The suite drives each one from the entry flow, as a patient
 * meets the bot (flows/vignettes/runVignette.ts).
 */

/** Semigran et al. (BMJ 2015) sort vignettes into three groups by the care they need. */
export const VIGNETTE_CATEGORIES = ["emergent", "non_emergent", "self_care"] as const;
export type VignetteCategory = (typeof VIGNETTE_CATEGORIES)[number];

export const vignetteSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "vignette ids are lower-kebab-case"),
    locale: localeSchema,
    story: z.string().min(10).max(2000),
    /** The flow a clinician would expect the complaint to reach, or "none" when no flow covers it. */
    complaint: z.union([slugSchema, z.literal("none")]),
    /** Raw answers (a button's value, typed text, a number) by question id, as the patient gives them. */
    answers: z.record(z.string(), z.unknown()),
    gold: urgencySchema,
    /** Every level a clinician would accept; must hold `gold`, never anything below gold for EMERGENCY and URGENT. */
    appropriate: z.array(urgencySchema).min(1),
    source: z.string().min(3),
  })
  .superRefine((v, ctx) => {
    if (!v.appropriate.includes(v.gold)) ctx.addIssue({ code: "custom", path: ["appropriate"], message: "must include the gold level" });
    if (v.gold === "EMERGENCY" || v.gold === "URGENT") {
      const lower = v.appropriate.filter((level) => urgencyRank(level) > urgencyRank(v.gold));
      if (lower.length > 0) ctx.addIssue({ code: "custom", path: ["appropriate"], message: `an ${v.gold} vignette accepts nothing below it (found ${lower.join(", ")})` });
    }
  });
export type Vignette = z.infer<typeof vignetteSchema>;

export function categoryOf(gold: Urgency): VignetteCategory {
  if (gold === "EMERGENCY" || gold === "URGENT") return "emergent";
  return gold === "SELF_CARE" ? "self_care" : "non_emergent";
}
