import { compileFlow, routeStateOf } from "../compile/compileFlow.js";
import type { Flow, FlowNode } from "../schema/flowSchema.js";
import { describeNode, nodePath, type FlowIndex } from "./flowIndex.js";
import { problem, type Problem } from "./problem.js";

/**
 * Path checks run on the compiled XState machine, not on the JSON, so they check what actually
 * runs (red-flag exits, `<id>:route` states, decision fan-out). Every guard is taken as
 * satisfiable, which over-approximates the runtime paths: a state the graph cannot reach, or from
 * which it cannot reach a final state, is unreachable or stuck on every real path. The checks are
 * graph searches (forward BFS, backward BFS, Tarjan's SCC), so they cover every path of the
 * machine exhaustively, not a sample, in O(states + transitions).
 */

/** Stands in for a missing target, so a flow with broken references still compiles (already reported). */
const MISSING = "~missing";
const ROUTE_SUFFIX = routeStateOf("");

/** The machine's states as a graph: index per state key, edges split into ordinary and red-flag exits. */
interface MachineGraph {
  keys: string[];
  initial: number;
  final: boolean[];
  /** Ordinary edges: branches, defaults, answers, decisions. */
  edges: number[][];
  /** Red-flag edges: exits that only fire on specific answers. */
  redFlagEdges: number[][];
}

/** A copy of the flow where every reference to an unknown node points at a synthetic final state. */
function withMissingTargetsStubbed(flow: Flow, byId: FlowIndex["byId"]): Flow {
  const fix = (id: string) => (byId.has(id) ? id : MISSING);
  const nodes: FlowNode[] = flow.nodes.map((node) => {
    if ("next" in node) {
      const next = {
        branches: node.next.branches.map((b) => ({ ...b, to: fix(b.to) })),
        default: node.next.default === undefined ? undefined : fix(node.next.default),
      };
      return { ...node, next };
    }
    if (node.kind === "decision") {
      return {
        ...node,
        rules: node.rules.map((r) => ({ ...r, outcome: fix(r.outcome) })),
        otherwise: { ...node.otherwise, outcome: fix(node.otherwise.outcome) },
      };
    }
    return node;
  });
  const stub: FlowNode = { id: MISSING, kind: "outcome", urgency: "SELF_CARE", routing: "self_care", title: {}, advice: {} };
  return { ...flow, nodes: [...nodes, stub], redFlags: flow.redFlags.map((rf) => ({ ...rf, outcome: fix(rf.outcome) })) };
}

function isRedFlagGuard(guard: unknown): boolean {
  if (guard === null || typeof guard !== "object") return false;
  const params = (guard as { params?: unknown }).params;
  return params !== null && typeof params === "object" && (params as { kind?: unknown }).kind === "red_flag";
}

function machineGraph(flow: Flow): MachineGraph {
  const { machine } = compileFlow(flow);
  const states = Object.values(machine.root.states);
  const keys = states.map((s) => s.key);
  const position = new Map(keys.map((k, i) => [k, i]));
  const edges = states.map(() => [] as number[]);
  const redFlagEdges = states.map(() => [] as number[]);
  states.forEach((state, from) => {
    const transitions = [...[...state.transitions.values()].flat(), ...(state.always ?? [])];
    for (const t of transitions) {
      for (const target of t.target ?? []) {
        const to = position.get(target.key);
        if (to !== undefined) (isRedFlagGuard(t.guard) ? redFlagEdges : edges)[from]!.push(to);
      }
    }
  });
  const initialKey = machine.root.initial.target[0]?.key;
  return { keys, initial: position.get(initialKey ?? "") ?? -1, final: states.map((s) => s.type === "final"), edges, redFlagEdges };
}

/** States reachable from `starts` along `adjacency`. */
function reach(starts: number[], adjacency: number[][]): boolean[] {
  const seen = adjacency.map(() => false);
  const stack = starts.filter((s) => s >= 0);
  for (const s of stack) seen[s] = true;
  while (stack.length > 0) {
    for (const to of adjacency[stack.pop()!]!) {
      if (!seen[to]) {
        seen[to] = true;
        stack.push(to);
      }
    }
  }
  return seen;
}

function reversed(adjacency: number[][]): number[][] {
  const back = adjacency.map(() => [] as number[]);
  adjacency.forEach((tos, from) => tos.forEach((to) => back[to]!.push(from)));
  return back;
}

/** Tarjan's strongly connected components, iterative (a 1,000-node chain must not overflow the stack). */
export function stronglyConnected(adjacency: number[][]): number[][] {
  const n = adjacency.length;
  const order = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [v, i] = frame;
      if (i === 0) {
        order[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = true;
      }
      const tos = adjacency[v]!;
      if (i < tos.length) {
        frame[1] = i + 1;
        const w = tos[i]!;
        if (order[w] === -1) work.push([w, 0]);
        else if (onStack[w]) low[v] = Math.min(low[v]!, order[w]!);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[v]!);
      if (low[v] === order[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = false;
          component.push(w);
        } while (w !== v);
        components.push(component);
      }
    }
  }
  return components;
}

/** The node a machine state belongs to: `pain:route` is part of question `pain`. */
const nodeOfState = (key: string) => (key.endsWith(ROUTE_SUFFIX) ? key.slice(0, -ROUTE_SUFFIX.length) : key);

/** Unreachable nodes, nodes from which no outcome or handover is reachable, and cycles no path leaves. */
export function checkPaths(index: FlowIndex): Problem[] {
  if (!index.byId.has(index.flow.start)) return []; // reported as unknown-start; nothing is reachable.
  const graph = machineGraph(withMissingTargetsStubbed(index.flow, index.byId));
  const problems: Problem[] = [];
  const nodeOf = (state: number) => index.byId.get(nodeOfState(graph.keys[state]!));
  const at = (node: FlowNode) => ({ node: node.id, path: nodePath(index, node.id) });

  // Reachability counts red flags: an outcome only a red flag leads to is still reachable.
  const all = graph.edges.map((tos, i) => [...tos, ...graph.redFlagEdges[i]!]);
  const reachable = reach([graph.initial], all);
  const reported = new Set<string>();
  graph.keys.forEach((key, s) => {
    const node = nodeOf(s);
    if (reachable[s] || !node || key !== node.id || reported.has(node.id)) return;
    reported.add(node.id);
    problems.push(problem("unreachable-node", `${describeNode(node)} is unreachable: no path from start (${index.flow.start}) leads to it`, at(node)));
  });

  // Termination ignores red flags: they fire only on specific answers, so the ordinary paths must end on their own.
  const finals = graph.final.flatMap((f, s) => (f ? [s] : []));
  const terminates = reach(finals, reversed(graph.edges));
  const doomed = graph.keys.map((_, s) => reachable[s]! && !terminates[s]);
  const inClosedCycle = new Set<number>();
  for (const component of stronglyConnected(graph.edges)) {
    const members = new Set(component);
    const cyclic = component.length > 1 || graph.edges[component[0]!]!.includes(component[0]!);
    const closed = component.every((s) => graph.edges[s]!.every((to) => members.has(to)));
    if (!cyclic) continue;
    if (!closed || !component.some((s) => doomed[s])) {
      // Even a cycle with a way out cannot terminate here: a question answered once is never asked
      // again (the machine skips it), so routing back into the cycle repeats the same choices forever.
      const names = [...new Set(component.map((s) => nodeOf(s)?.id).filter((id): id is string => id !== undefined))].sort();
      const first = index.byId.get(names[0]!)!;
      problems.push(
        problem(
          "non-terminating-cycle",
          `nodes ${names.join(", ")} form a cycle: answers are never asked twice, so a patient routed back into it would loop without end (flows must not revisit a node)`,
          at(first),
        ),
      );
      continue;
    }
    component.forEach((s) => inClosedCycle.add(s));
    const nodes = [...new Set(component.map((s) => nodeOf(s)).filter((n): n is FlowNode => n !== undefined))];
    const names = nodes.map((n) => n.id).sort();
    const first = nodes.find((n) => n.id === names[0])!;
    problems.push(
      problem(
        "non-terminating-cycle",
        `nodes ${names.join(", ")} form a cycle that no path leaves: a patient who enters it never reaches an outcome`,
        at(first),
      ),
    );
  }
  // A node with no ordinary way on is a dead end, reported as such by the content checks.
  const sinkNodes = new Set(graph.keys.flatMap((_, s) => (!graph.final[s] && graph.edges[s]!.length === 0 ? [nodeOfState(graph.keys[s]!)] : [])));
  const isCause = (s: number) => inClosedCycle.has(s) || sinkNodes.has(nodeOfState(graph.keys[s]!));
  // Report where paths turn hopeless (a doomed node entered from a healthy one, or the start),
  // naming the dead ends and cycles ahead, rather than every node upstream of them.
  const back = reversed(all);
  const reportedStuck = new Set<string>();
  graph.keys.forEach((_, s) => {
    const node = nodeOf(s);
    if (!doomed[s] || !node || isCause(s) || reportedStuck.has(node.id)) return;
    const entered = s === graph.initial || back[s]!.some((p) => reachable[p] && !doomed[p]);
    if (!entered) return;
    reportedStuck.add(node.id);
    const ahead = reach([s], graph.edges);
    const causes = [...new Set(graph.keys.flatMap((key, t) => (ahead[t] && isCause(t) ? [nodeOfState(key)] : [])))].sort();
    problems.push(
      problem(
        "no-outcome-reachable",
        `from ${describeNode(node)} no path reaches an outcome or a handover: every way on ends at ${causes.join(", ")}`,
        at(node),
      ),
    );
  });
  return problems;
}
