import type { z } from "zod";
import { flowSchema, URGENCY_LEVELS, type Flow } from "../../flows/index.js";
import { AdminError } from "./adminError.js";
import { withoutBlankTexts } from "./putFlowNode.js";

/*
 * The "Flow settings" form (issue 7): every flow-level field of the schema but the nodes, the red
 * flags (their own form) and the numbering (the store's): titles, description, locales, per-flow
 * level labels, sources, clinical review, first node. Saved through the same compare-and-set path.
 */

export const flowSettingsSchema = flowSchema.pick({
  title: true,
  description: true,
  locales: true,
  urgencyLabels: true,
  sources: true,
  review: true,
  start: true,
});
export type FlowSettings = z.infer<typeof flowSettingsSchema>;

/** Why a settings field was refused; the page words it in the console language. */
export type SettingsFieldProblem = "required" | "invalid_url" | "unknown_node" | "invalid";

/** Given a flow, returns the settings the form edits. */
export function flowSettingsOf(flow: Flow): FlowSettings {
  const { title, description, locales, urgencyLabels, sources, review, start } = structuredClone(flow);
  return { title, locales, sources, review, start, ...(description ? { description } : {}), ...(urgencyLabels ? { urgencyLabels } : {}) };
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const blank = (v: unknown) => v === undefined || (typeof v === "string" && v.trim() === "");

/** Blank texts dropped; empty level labels, blank source rows, URLs and review notes left out. */
function cleaned(input: unknown): unknown {
  if (!isRecord(input)) return input;
  const out = withoutBlankTexts(input) as Record<string, unknown>;
  if (isRecord(out.urgencyLabels)) {
    const labels = Object.fromEntries(Object.entries(out.urgencyLabels).filter(([, text]) => isRecord(text) && Object.keys(text).length > 0));
    if (Object.keys(labels).length > 0) out.urgencyLabels = labels;
    else delete out.urgencyLabels;
  }
  if (Array.isArray(out.sources)) {
    out.sources = out.sources
      .filter((s) => !(isRecord(s) && blank(s.title) && blank(s.url)))
      .map((s) =>
        isRecord(s)
          ? Object.fromEntries(Object.entries(s).flatMap(([k, v]) => (blank(v) && k === "url" ? [] : [[k, typeof v === "string" ? v.trim() : v]])))
          : s,
      );
  }
  if (isRecord(out.review) && blank(out.review.note)) {
    const { note: _dropped, ...review } = out.review;
    out.review = review;
  }
  return out;
}

function problemOf(issue: z.core.$ZodIssue): SettingsFieldProblem {
  if (issue.code === "too_small") return "required";
  if (issue.code === "invalid_format" && issue.format === "url") return "invalid_url";
  return "invalid";
}

/**
 * Given the draft and the settings the form sent, returns the draft with them. Refused
 * (ADMIN_INVALID_EDIT) with `fields`: a problem per field path ("sources.0.url"), shown next to it.
 */
export function putFlowSettings(flow: Flow, input: unknown): Flow {
  const parsed = flowSettingsSchema.safeParse(cleaned(input));
  const fields: Record<string, SettingsFieldProblem> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) fields[issue.path.join(".") || "settings"] ??= problemOf(issue);
  else if (!flow.nodes.some((n) => n.id === parsed.data.start)) fields.start = "unknown_node";
  if (!parsed.success || Object.keys(fields).length > 0) {
    const problems = Object.entries(fields).map(([field, problem]) => ({ message: `flow settings: ${field}: ${problem.replace("_", " ")}` }));
    throw new AdminError("ADMIN_INVALID_EDIT", "the flow settings do not match the flow schema", { reason: "schema", problems, fields });
  }
  const { description, urgencyLabels, ...settings } = parsed.data;
  const { description: _oldDescription, urgencyLabels: _oldLabels, ...rest } = flow;
  // Levels keep the platform's order whatever order the form sent them in.
  const labels = urgencyLabels
    ? Object.fromEntries(URGENCY_LEVELS.flatMap((level) => (urgencyLabels[level] ? [[level, urgencyLabels[level]]] : [])))
    : undefined;
  return { ...rest, ...settings, ...(description ? { description } : {}), ...(labels ? { urgencyLabels: labels } : {}) };
}
