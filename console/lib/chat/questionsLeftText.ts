import { TEXTS, type Texts } from "./texts";

/**
 * "About N questions left", in the page's language (N from the engine's estimate, which counts the
 * question shown). The page hands components its texts, not its locale: English is told by them.
 */
export function questionsLeftText(t: Texts, n: number): string {
  if (t === (TEXTS.en as unknown as Texts)) return n === 1 ? "About 1 question left" : `About ${n} questions left`;
  return n === 1 ? "Environ 1 question restante" : `Environ ${n} questions restantes`;
}
