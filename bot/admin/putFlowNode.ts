import { z } from "zod";
import { nodeSchema, redFlagSchema, variablesOf, type Flow, type FlowNode, type RedFlag } from "../../flows/index.js";
import { AdminError } from "./adminError.js";
import { withOptionBranches } from "./editFlowNode.js";

/*
 * The complete node form (issue 7): the page sends a whole node as JSON (every kind and question
 * type of the schema), the server checks it against the node schema and puts it into the draft.
 * Option "goes to" targets travel apart and become the branches the form owns (editFlowNode).
 */

export interface PutNodeOptions {
  /** The id of the node being edited; absent: a new node. Ids of existing nodes do not change. */
  replaces?: string;
  /** For a new node: ask it first (it becomes the flow's start). */
  start?: boolean;
  /** For choice and yes/no questions: the node each answer leads to ("" for the default). */
  targets?: Record<string, string>;
}

/** Texts the schema lets a node leave out: a blank one is removed rather than saved empty. */
function isOptionalText(parent: Record<string, unknown>, key: string): boolean {
  if (key === "help" || key === "safetyNet" || key === "description") return true;
  // A branch's or a hand-over's reason, a score term's label (decision and red-flag reasons are required).
  if (key === "reason") return "to" in parent || parent.kind === "handover";
  return key === "label" && "points" in parent;
}

const isText = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => k === "fr" || k === "en");

/**
 * Given a node as the form sent it, returns it with blank translations dropped (the schema wants
 * non-empty strings; a missing one is then reported by the validator, pinned to the node) and
 * blank optional texts removed.
 */
export function withoutBlankTexts(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutBlankTexts(v));
  if (value === null || typeof value !== "object") return value;
  if (isText(value))
    return Object.fromEntries(
      Object.entries(value).flatMap(([k, v]) => (typeof v === "string" && v.trim() !== "" ? [[k, v.trim()]] : typeof v === "string" ? [] : [[k, v]])),
    );
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // Conditions are data of their own: never touch them.
    if (k === "when") out[k] = v;
    else {
      const cleaned = withoutBlankTexts(v);
      if (
        isOptionalText(value as Record<string, unknown>, k) &&
        cleaned !== null &&
        typeof cleaned === "object" &&
        !Array.isArray(cleaned) &&
        Object.keys(cleaned).length === 0
      )
        continue;
      out[k] = cleaned;
    }
  }
  return out;
}

function schemaRefusal(what: string, error: z.ZodError): AdminError {
  const problems = error.issues.map((i) => ({ message: `${what}: ${i.path.join(".") || "(node)"}: ${i.message}` }));
  return new AdminError("ADMIN_INVALID_EDIT", `the ${what} does not match the flow schema`, { reason: "schema", problems });
}

/** Given the draft, a node from the form and where it goes, returns the draft with the node put in. */
export function putNode(flow: Flow, input: unknown, options: PutNodeOptions = {}): Flow {
  const parsed = nodeSchema.safeParse(withoutBlankTexts(input));
  if (!parsed.success) throw schemaRefusal("node", parsed.error);
  let node: FlowNode = parsed.data;
  if (node.kind === "question" && options.targets) node = withOptionBranches(node, options.targets);
  if (options.replaces !== undefined) {
    if (node.id !== options.replaces)
      throw new AdminError("ADMIN_INVALID_EDIT", `the id of node ${options.replaces} cannot change`, { reason: "id_changed", node: options.replaces });
    const index = flow.nodes.findIndex((n) => n.id === options.replaces);
    if (index < 0) throw new AdminError("ADMIN_INVALID_EDIT", `no node ${options.replaces}`, { reason: "no_node", node: options.replaces });
    const nodes = [...flow.nodes];
    nodes[index] = node;
    return { ...flow, nodes };
  }
  if (flow.nodes.some((n) => n.id === node.id))
    throw new AdminError("ADMIN_INVALID_EDIT", `a node ${node.id} already exists`, { reason: "node_exists", node: node.id });
  return options.start ? { ...flow, start: node.id, nodes: [node, ...flow.nodes] } : { ...flow, nodes: [...flow.nodes, node] };
}

/** Given a flow and a node id, returns where the flow still names that node (empty: safe to delete). */
export function referencesTo(flow: Flow, id: string): string[] {
  const found: string[] = [];
  if (flow.start === id) found.push("start");
  for (const node of flow.nodes) {
    if (node.id === id) continue;
    if ("next" in node) {
      if (node.next.default === id) found.push(`${node.id} (next)`);
      for (const b of node.next.branches) {
        if (b.to === id) found.push(`${node.id} (branch ${b.id})`);
        else if (variablesOf(b.when).includes(id)) found.push(`${node.id} (condition of branch ${b.id})`);
      }
    }
    if (node.kind === "decision") {
      for (const r of node.rules) if (r.outcome === id || variablesOf(r.when).includes(id)) found.push(`${node.id} (rule ${r.id})`);
      if (node.otherwise.outcome === id) found.push(`${node.id} (otherwise)`);
    }
    if (node.kind === "score" && node.terms.some((t) => variablesOf(t.when).includes(id))) found.push(`${node.id} (terms)`);
    if (node.kind === "handover" && node.carry.includes(id)) found.push(`${node.id} (carry)`);
  }
  for (const rf of flow.redFlags) if (rf.outcome === id || variablesOf(rf.when).includes(id)) found.push(`red flag ${rf.id}`);
  return found;
}

/** Given the draft and a node id, returns the draft without it; refused while anything still names it. */
export function deleteNode(flow: Flow, id: string): Flow {
  if (!flow.nodes.some((n) => n.id === id)) throw new AdminError("ADMIN_INVALID_EDIT", `no node ${id}`, { reason: "no_node", node: id });
  const references = referencesTo(flow, id);
  if (references.length > 0) {
    throw new AdminError("ADMIN_INVALID_EDIT", `node ${id} is still used by: ${references.join(", ")}; change those first`, {
      reason: "node_in_use",
      node: id,
      references,
    });
  }
  return { ...flow, nodes: flow.nodes.filter((n) => n.id !== id) };
}

/** Given the draft and the red-flag list from the form, returns the draft with those red flags. */
export function putRedFlags(flow: Flow, input: unknown): Flow {
  const parsed = z.array(redFlagSchema).safeParse(withoutBlankTexts(input));
  if (!parsed.success) throw schemaRefusal("red flags", parsed.error);
  const ids = parsed.data.map((r: RedFlag) => r.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new AdminError("ADMIN_INVALID_EDIT", `two red flags are named ${duplicate}`, { reason: "red_flag_twice", node: duplicate });
  return { ...flow, redFlags: parsed.data };
}
