import { z } from "zod";
import { ROUTING_TARGETS } from "../routing.js";
import { URGENCY_LEVELS } from "../urgency.js";

export { ROUTING_TARGETS };

/** Locales a flow can declare; patient-facing text must exist in each declared one. */
export const LOCALES = ["fr", "en"] as const;
export const localeSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof localeSchema>;

/**
 * Patient- or clinician-facing text, one string per locale. Partial on purpose: a missing
 * translation is reported by the validator with the node's name, not as an opaque schema error.
 */
export const textSchema = z.partialRecord(localeSchema, z.string().min(1));
export type LocalizedText = z.infer<typeof textSchema>;

/** Identifier of a node, option, rule or score: safe in JSON Logic `var` paths and in XState ids. */
export const idSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, "ids are lower_snake_case, starting with a letter");

export const slugSchema = z.string().regex(/^[a-z][a-z0-9-]*$/, "slugs are lower-kebab-case, starting with a letter");

/** Optional standard codes (for FHIR export): SNOMED CT or LOINC. */
export const codeSchema = z.object({
  system: z.enum(["http://snomed.info/sct", "http://loinc.org"]),
  code: z.string().min(1),
  display: z.string().optional(),
});

/**
 * A condition in JSON Logic (https://jsonlogic.com), evaluated by json-logic-js plus the
 * operations in flows/logic. Data: every answer and score by its id. Never `eval`.
 */
export const conditionSchema = z.json();
export type Condition = z.infer<typeof conditionSchema>;

export const urgencySchema = z.enum(URGENCY_LEVELS);

export const routingSchema = z.enum(ROUTING_TARGETS);
export type Routing = z.infer<typeof routingSchema>;

/** A rule that moves the flow to `to` when `when` holds; `id` and `reason` make it explainable. */
export const branchSchema = z.object({
  id: idSchema,
  when: conditionSchema,
  to: idSchema,
  reason: textSchema.optional(),
});
export type Branch = z.infer<typeof branchSchema>;

/** Where to go after a node: branches in order, first match wins, else `default`. */
export const nextSchema = z.object({
  branches: z.array(branchSchema).default([]),
  default: idSchema.optional(),
});
export type Next = z.infer<typeof nextSchema>;

const optionSchema = z.object({
  value: idSchema,
  label: textSchema,
  /**
   * Words or short phrases that stand for the option, in any language patients use (French,
   * English, Darija in Latin letters): synonyms for the choice search, and what a single-choice
   * question's `suggestFrom` text is read for.
   */
  keywords: z.array(z.string().min(1).max(60)).max(40).optional(),
  codes: z.array(codeSchema).optional(),
});
export type Option = z.infer<typeof optionSchema>;

/** A heading over some options of a single-choice question; options no group lists go under an "other" group. */
export const optionGroupSchema = z.object({
  id: idSchema,
  label: textSchema,
  options: z.array(idSchema).min(1).max(50),
});
export type OptionGroup = z.infer<typeof optionGroupSchema>;

const questionBase = {
  id: idSchema,
  kind: z.literal("question"),
  text: textSchema,
  help: textSchema.optional(),
  codes: z.array(codeSchema).optional(),
  next: nextSchema,
};

export const questionSchema = z.discriminatedUnion("type", [
  z.object({ ...questionBase, type: z.literal("yes_no") }),
  z.object({
    ...questionBase,
    type: z.literal("single_choice"),
    options: z.array(optionSchema).min(2),
    /** Shown as headed sections, in this order (a long list stays usable on a phone). */
    groups: z.array(optionGroupSchema).max(12).optional(),
    /**
     * A free-text question asked before: the options whose keywords its answer mentions are shown
     * first as suggestions. The patient still chooses; nothing is answered for them.
     */
    suggestFrom: idSchema.optional(),
  }),
  z.object({
    ...questionBase,
    type: z.literal("multiple_choice"),
    options: z.array(optionSchema).min(2),
    /** The option that means "none of these": exclusive with every other option. */
    noneOption: idSchema.optional(),
  }),
  z.object({
    ...questionBase,
    type: z.literal("number"),
    unit: z.object({ symbol: z.string().min(1), label: textSchema }),
    min: z.number(),
    max: z.number(),
    integer: z.boolean().default(false),
    /** Offer "don't know" (durations always do): conditions then take the more urgent reading. */
    dontKnow: z.boolean().optional(),
  }),
  z.object({
    ...questionBase,
    type: z.literal("scale"),
    lowLabel: textSchema,
    highLabel: textSchema,
  }),
  /** Answer stored in hours; patients may type minutes, hours, days or weeks. */
  z.object({
    ...questionBase,
    type: z.literal("duration"),
    maxHours: z.number().positive().optional(),
  }),
  z.object({
    ...questionBase,
    type: z.literal("free_text"),
    maxLength: z.number().int().positive().default(500),
    /** An optional text may be left empty (sent as ""). */
    optional: z.boolean().default(false),
  }),
]);
export type Question = z.infer<typeof questionSchema>;
export type QuestionType = Question["type"];

export const infoSchema = z.object({ id: idSchema, kind: z.literal("info"), text: textSchema, next: nextSchema });

/** A computed score: the sum of the points of every term whose condition holds. */
export const scoreSchema = z.object({
  id: idSchema,
  kind: z.literal("score"),
  label: textSchema,
  terms: z.array(z.object({ when: conditionSchema, points: z.number(), label: textSchema.optional() })).min(1),
  next: nextSchema,
});

/** A rule table: every rule whose condition holds fires; the most urgent outcome wins; all reasons kept. */
export const decisionSchema = z.object({
  id: idSchema,
  kind: z.literal("decision"),
  rules: z.array(z.object({ id: idSchema, when: conditionSchema, outcome: idSchema, reason: textSchema })).min(1),
  otherwise: z.object({ id: idSchema, outcome: idSchema, reason: textSchema }),
});

export const outcomeSchema = z.object({
  id: idSchema,
  kind: z.literal("outcome"),
  urgency: z.string(),
  routing: routingSchema,
  title: textSchema,
  advice: textSchema,
  safetyNet: textSchema.optional(),
});

/** Hands the session over to another flow (flows chain); answers listed in `carry` go along. */
export const handoverSchema = z.object({
  id: idSchema,
  kind: z.literal("handover"),
  flow: slugSchema,
  carry: z.array(idSchema).default([]),
  reason: textSchema.optional(),
});

export const nodeSchema = z.discriminatedUnion("kind", [questionSchema, infoSchema, scoreSchema, decisionSchema, outcomeSchema, handoverSchema]);
export type FlowNode = z.infer<typeof nodeSchema>;
export type InfoNode = z.infer<typeof infoSchema>;
export type ScoreNode = z.infer<typeof scoreSchema>;
export type DecisionNode = z.infer<typeof decisionSchema>;
export type OutcomeNode = z.infer<typeof outcomeSchema>;
export type HandoverNode = z.infer<typeof handoverSchema>;

/** A global red flag: checked after every answer; when it holds the flow ends at once at `outcome`. */
export const redFlagSchema = z.object({
  id: idSchema,
  when: conditionSchema,
  outcome: idSchema,
  reason: textSchema,
});
export type RedFlag = z.infer<typeof redFlagSchema>;

export const flowSchema = z.object({
  $schema: z.string().optional(),
  schemaVersion: z.literal(1),
  slug: slugSchema,
  version: z.number().int().positive(),
  title: textSchema,
  description: textSchema.optional(),
  locales: z.array(localeSchema).min(1),
  /** Labels may be renamed per flow; the order of the levels is fixed by the platform. */
  urgencyLabels: z.partialRecord(urgencySchema, textSchema).optional(),
  sources: z.array(z.object({ title: z.string().min(1), url: z.string().url().optional() })).default([]),
  review: z
    .object({
      status: z.enum(["needs-clinical-review", "reviewed"]),
      note: z.string().optional(),
    })
    .default({ status: "needs-clinical-review" }),
  start: idSchema,
  nodes: z.array(nodeSchema).min(1),
  redFlags: z.array(redFlagSchema).default([]),
});
export type Flow = z.infer<typeof flowSchema>;
export type FlowInput = z.input<typeof flowSchema>;

/** Given a JSON value, returns the flow or zod's issues (no throw). */
export function parseFlow(json: unknown) {
  return flowSchema.safeParse(json);
}

export function isQuestion(node: FlowNode): node is Question {
  return node.kind === "question";
}
