import type { Flow, Locale } from "../../flows/index.js";
import { localText } from "../engine/localText.js";
import type { DropOffPoint } from "./flowVersionAnalytics.js";

export interface DropOffQuestion extends DropOffPoint {
  /** The question's text in the reader's language (the node id when the version no longer has it). */
  text: string;
}

/**
 * Given drop-off points and a way to load a flow version's definition, returns them with the
 * question text in `locale`. Each distinct version is loaded once (a handful: the version itself
 * and the flows it hands over to).
 */
export async function dropOffQuestions(
  points: DropOffPoint[],
  definitionOf: (slug: string, version: number) => Promise<Flow | undefined>,
  locale: Locale,
): Promise<DropOffQuestion[]> {
  const loaded = new Map<string, Promise<Flow | undefined>>();
  const load = (slug: string, version: number) => {
    const key = `${slug}@${version}`;
    if (!loaded.has(key)) loaded.set(key, definitionOf(slug, version));
    return loaded.get(key)!;
  };
  return Promise.all(
    points.map(async (point) => {
      const node = (await load(point.slug, point.version))?.nodes.find((n) => n.id === point.node);
      const text = node?.kind === "question" ? localText(node.text, locale) : "";
      return { ...point, text: text || point.node };
    }),
  );
}
