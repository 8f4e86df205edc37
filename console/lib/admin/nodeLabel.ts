import type { FlowNode, LocalizedText } from "../../../flows/schema/flowSchema";

/** A node's readable kind: the question type, the outcome, or the node kind; graph icons and pickers read it. */
export type NodeIconKind =
  | "yes_no"
  | "single_choice"
  | "multiple_choice"
  | "number"
  | "scale"
  | "duration"
  | "free_text"
  | "info"
  | "score"
  | "decision"
  | "outcome"
  | "handover"
  | "flow"
  | "missing";

/** Given a localized text and a language, returns that language's text, else any other, else "". */
export function textIn(text: LocalizedText | undefined, lang: string): string {
  if (!text) return "";
  return (text as Record<string, string | undefined>)[lang] ?? Object.values(text).find((v) => v) ?? "";
}

/** Given a node and a language, returns what an administrator reads for it: the question, the outcome's title, the score's label. */
export function nodeText(node: FlowNode, lang: string): string {
  switch (node.kind) {
    case "question":
    case "info":
      return textIn(node.text, lang);
    case "score":
      return textIn(node.label, lang);
    case "outcome":
      return textIn(node.title, lang);
    case "handover":
      return textIn(node.reason, lang);
    case "decision":
      return "";
  }
}

/** Given a node, returns its icon kind (a question's type, or the node kind). */
export function iconKind(node: FlowNode): NodeIconKind {
  return node.kind === "question" ? node.type : node.kind;
}

/** Given a text and a length, returns it cut at a word boundary with an ellipsis when longer. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
