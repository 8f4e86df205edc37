import { describe, expect, it } from "vitest";
import { runScenario } from "../flows/libraryFlows.js";
import { MAIN_PATHS, RED_FLAG_PATH, rawAnswer } from "./mainPaths.js";

describe("the browser suite's patient paths", () => {
  it.each([...MAIN_PATHS, RED_FLAG_PATH].map((p) => [p.flow, p.urgency, p] as const))(
    "%s main path ends at %s with the pure runner",
    (_flow, urgency, path) => {
      const answers = Object.fromEntries(Object.entries(path.answers).map(([id, a]) => [id, rawAnswer(a, "en")]));
      const run = runScenario(path.flow, answers);
      expect(run.result?.urgency).toBe(urgency);
    },
  );
});
