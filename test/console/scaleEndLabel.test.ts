import { describe, expect, it } from "vitest";
import { scaleEndLabel } from "../../console/lib/chat/scaleEndLabel.js";

describe("scaleEndLabel", () => {
  it.for([
    { n: 0, label: "0 : aucune douleur", shown: "0 : aucune douleur" },
    { n: 10, label: "10: the worst pain imaginable", shown: "10: the worst pain imaginable" },
    { n: 0, label: "no pain", shown: "0 = no pain" },
    { n: 10, label: "  unbearable ", shown: "10 = unbearable" },
    { n: 10, label: "100 times worse", shown: "10 = 100 times worse" },
    { n: 0, label: "", shown: "0" },
    { n: 0, label: undefined, shown: "0" },
  ])("shows '$shown' for the end $n labelled '$label'", ({ n, label, shown }) => {
    expect(scaleEndLabel(n, label)).toBe(shown);
  });
});
