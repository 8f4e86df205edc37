import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import * as mildStories from "../../fixtures/mildStories.js";
import { typedInBothLanguages, type BilingualSpec } from "./flowTestParts.js";

/*
 * A library flow's scenario table, kept as data in scenarios/<slug>.json so that a clinician can
 * review it without reading TypeScript: the base patient (every question answered, no rule fires;
 * a complaint's mild story shared with other tests is named, not copied), the same patient typing
 * every answer in French words then in English words,
 * what makes a question behind a branch asked at all, and rows of "this change to the base patient
 * gives this level, for exactly these reasons". The flow's test reads it through the suites
 * (tableFlowSuite.ts, complaintFlowSuite.ts), which run every row; checks written as code stay in
 * the flow's test.
 */

const answers = z.record(z.string(), z.unknown());

/** A pattern written as in JavaScript, "/fever/i". */
const pattern = z.string().transform((text, ctx) => {
  const parts = /^\/(.+)\/([a-z]*)$/.exec(text);
  if (!parts) {
    ctx.addIssue({ code: "custom", message: `${text} is not written /pattern/flags` });
    return z.NEVER;
  }
  return new RegExp(parts[1]!, parts[2]);
});

/** A decision table: the base patient and rows of "this change gives this level, for exactly these reasons". */
const decisionTableSchema = z.strictObject({
  flow: z.string(),
  /** The base patient in one sentence. */
  basePatient: z.string(),
  base: answers,
  scenarios: z.array(
    z.strictObject({
      name: z.string(),
      /** Why the rows from here on are what they are (a guideline), when the name does not say. */
      note: z.string().optional(),
      /** What changes in the base answers. */
      change: answers,
      urgency: z.string(),
      /** Decision rules (or the red flag) expected among the reasons, exactly. */
      rules: z.array(z.string()),
      /** The outcome node, when the level has more than one. */
      outcome: z.string().optional(),
    }),
  ),
});

/** A library flow's scenario table: the decision table, and what the flow's shared suites need besides. */
const scenarioTableSchema = decisionTableSchema.extend({
  /** A mild story of test/fixtures/mildStories.ts the base patient goes on with (shared with the general flow's tests). */
  mildStory: z.enum(Object.keys(mildStories) as [keyof typeof mildStories]).optional(),
  reach: z.record(z.string(), answers),
  bothLanguages: z.strictObject({
    note: z.string().optional(),
    /** The base answers typed in words, the danger signs as "none": what the French patient types. */
    frWords: answers,
    /** What the same patient types differently in English. */
    enWords: answers.default({}),
    urgency: z.string(),
    /** Rules the answers must give (among others, unless `exactRules`). */
    rules: z.array(z.string()),
    exactRules: z.boolean().optional(),
    /** What the reasons say, in French and in English. */
    reasonFr: pattern,
    reasonEn: pattern,
  }),
  /** Paths that reach an outcome by a branch rather than the decision (every outcome must be reached). */
  otherPaths: z.array(z.strictObject({ note: z.string().optional(), change: answers })).default([]),
});

export type DecisionTable = z.infer<typeof decisionTableSchema>;
export type ScenarioTable = z.infer<typeof scenarioTableSchema>;

function readTable<T extends DecisionTable>(slug: string, schema: z.ZodType<T>): T {
  const table = schema.parse(JSON.parse(readFileSync(join(import.meta.dirname, "scenarios", `${slug}.json`), "utf8")));
  if (table.flow !== slug) throw new Error(`scenarios/${slug}.json is written for ${table.flow}`);
  return table;
}

/** Reads and checks a flow's decision table (the flows whose tests hold their other checks as code: breathing and fever). */
export const readDecisionTable = (slug: string): DecisionTable => readTable(slug, decisionTableSchema);

/** Reads and checks a flow's scenario table; throws on a table written for another flow or with an unknown field. */
export function readScenarioTable(slug: string): ScenarioTable {
  const table = readTable(slug, scenarioTableSchema);
  return { ...table, base: { ...table.base, ...(table.mildStory && mildStories[table.mildStory]) } };
}

/** The table's French and English patient as the "both locales" tests take it. */
export function bilingualOf({ base, bothLanguages }: ScenarioTable): BilingualSpec {
  const { frWords, enWords, urgency, rules, exactRules, reasonFr, reasonEn } = bothLanguages;
  return { ...typedInBothLanguages(base, frWords, enWords), urgency, rules, exactRules, reasonFr, reasonEn };
}
