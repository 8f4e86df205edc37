/** The smallest zoom at which a node's text can still be read (11 px labels become ~6 px). */
export const READABLE_ZOOM = 0.55;

type Rect = { x: number; y: number; width: number; height: number };

/**
 * Given the graph's bounds and the view's size, returns the viewport of the fit button (issue 24):
 * the whole graph when it fits at a readable zoom; otherwise the first screen of the flow (its top,
 * centred, or from its left edge when wider than the view) at the readable zoom, the rest reached
 * by scrolling, instead of a graph too small to read.
 */
export function readableFit(bounds: Rect, view: { width: number; height: number }, padding = 24): { x: number; y: number; zoom: number } {
  const fitted = Math.min((view.width - 2 * padding) / Math.max(bounds.width, 1), (view.height - 2 * padding) / Math.max(bounds.height, 1), 1);
  const zoom = Math.max(fitted, READABLE_ZOOM);
  const graphWidth = bounds.width * zoom;
  const x = graphWidth <= view.width - 2 * padding ? (view.width - graphWidth) / 2 - bounds.x * zoom : padding - bounds.x * zoom;
  const y = fitted >= READABLE_ZOOM ? (view.height - bounds.height * zoom) / 2 - bounds.y * zoom : padding - bounds.y * zoom;
  return { x, y, zoom };
}
