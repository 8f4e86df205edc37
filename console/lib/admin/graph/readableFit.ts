/** The smallest zoom at which a node's text can still be read (11 px labels become ~6 px). */
export const READABLE_ZOOM = 0.55;

type Rect = { x: number; y: number; width: number; height: number };

/**
 * Given the graph's bounds and the view's size, returns the viewport of the fit button (issue 24):
 * the whole graph when it fits at a readable zoom; otherwise the first screen of the flow (its top,
 * centred, or from its left edge when wider than the view) at the readable zoom, the rest reached
 * by scrolling, instead of a graph too small to read.
 */
export function readableFit(bounds: Rect, view: { width: number; height: number }, first?: Rect, padding = 24): { x: number; y: number; zoom: number } {
  const fitted = Math.min((view.width - 2 * padding) / Math.max(bounds.width, 1), (view.height - 2 * padding) / Math.max(bounds.height, 1), 1);
  if (fitted >= READABLE_ZOOM)
    return { x: (view.width - bounds.width * fitted) / 2 - bounds.x * fitted, y: (view.height - bounds.height * fitted) / 2 - bounds.y * fitted, zoom: fitted };
  // Too big to read whole: the first node at the top, centred across (else the graph's top-left corner).
  const anchor = first ?? { x: bounds.x, y: bounds.y, width: 0, height: 0 };
  const zoom = READABLE_ZOOM;
  const x = first ? view.width / 2 - (anchor.x + anchor.width / 2) * zoom : padding - anchor.x * zoom;
  return { x, y: padding - anchor.y * zoom, zoom };
}
