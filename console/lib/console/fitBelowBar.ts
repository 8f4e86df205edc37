/**
 * Keeps the CSS variable --bar-height equal to the console's top bar height (it wraps on narrow
 * screens), so the workspace fills the window below it exactly; returns the function that stops.
 */
export function fitBelowBar(): () => void {
  const bar = document.querySelector<HTMLElement>("header.bar");
  if (!bar) return () => {};
  const set = () => document.documentElement.style.setProperty("--bar-height", `${bar.offsetHeight}px`);
  set();
  const observer = new ResizeObserver(set);
  observer.observe(bar);
  return () => observer.disconnect();
}
