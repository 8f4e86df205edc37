import { describe, expect, it } from "vitest";
import { READABLE_ZOOM, readableFit } from "../../console/lib/admin/graph/readableFit.js";

describe("the graph's fit button", () => {
  const view = { width: 1200, height: 700 };

  it("shows a small flow whole, centred, at most at full size", () => {
    const fit = readableFit({ x: 0, y: 0, width: 600, height: 400 }, view);
    expect(fit.zoom).toBe(1);
    expect(fit.x).toBe(300);
    expect(fit.y).toBe(150);
  });

  it("keeps a long flow readable: the readable zoom, its first node at the top, centred across", () => {
    const fit = readableFit({ x: 0, y: 0, width: 5000, height: 9000 }, view, { x: 2000, y: 300, width: 200, height: 60 });
    expect(fit.zoom).toBe(READABLE_ZOOM);
    expect(fit.y).toBeCloseTo(24 - 300 * READABLE_ZOOM);
    expect(fit.x).toBeCloseTo(600 - 2100 * READABLE_ZOOM);
  });

  it("starts a long flow without a first node from the graph's top-left corner", () => {
    const fit = readableFit({ x: -100, y: 50, width: 5000, height: 9000 }, view);
    expect(fit.zoom).toBe(READABLE_ZOOM);
    expect(fit.x).toBeCloseTo(24 + 100 * READABLE_ZOOM);
    expect(fit.y).toBeCloseTo(24 - 50 * READABLE_ZOOM);
  });
});
