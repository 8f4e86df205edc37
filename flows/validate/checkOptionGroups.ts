import { nodePath, type FlowIndex } from "./flowIndex.js";
import { problem, type Problem } from "./problem.js";

/** A single-choice question's groups: unique ids, and each listed value an option, listed once. */
export function checkOptionGroups(index: FlowIndex): Problem[] {
  const problems: Problem[] = [];
  for (const node of index.flow.nodes) {
    if (node.kind !== "question" || node.type !== "single_choice" || !node.groups) continue;
    const options = new Set(node.options.map((o) => o.value));
    const ids = new Set<string>();
    const listed = new Map<string, string>();
    node.groups.forEach((group, g) => {
      const at = (rest: string) => ({ node: node.id, path: nodePath(index, node.id, `.groups[${g}]${rest}`) });
      if (ids.has(group.id)) problems.push(problem("duplicate-group-id", `question ${node.id} has more than one group with the id "${group.id}"`, at(".id")));
      ids.add(group.id);
      group.options.forEach((value, j) => {
        if (!options.has(value)) {
          problems.push(
            problem(
              "unknown-group-option",
              `group ${group.id} of question ${node.id} lists "${value}", which is not one of its options (${[...options].join(", ")})`,
              at(`.options[${j}]`),
            ),
          );
          return;
        }
        const first = listed.get(value);
        if (first !== undefined)
          problems.push(
            problem(
              "option-in-two-groups",
              `question ${node.id} lists option "${value}" in group ${first} and again in group ${group.id}: an option goes under one heading`,
              at(`.options[${j}]`),
            ),
          );
        else listed.set(value, group.id);
      });
    });
  }
  return problems;
}
