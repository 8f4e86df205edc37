import { flushSync } from "svelte";

/** One thing the patient did before hydration, as earlyInputScript.js keeps it: which control (area and index) and what. */
interface EarlyEvent {
  type: "click" | "check" | "enter";
  area: "notice" | "lang" | "first";
  index: number;
  checked?: boolean;
}

interface EarlyInput {
  events: EarlyEvent[];
  live: boolean;
}

/** The controls of each area, in page order (the same selectors as the inline script's). */
const AREAS: Record<EarlyEvent["area"], string> = {
  notice: "[data-early-notice] button",
  lang: ".lang button",
  first: "[data-early-first] :is(button, input, select, textarea)",
};

/** The classes the inline script put on <html> to show the first question before the page's script ran. */
const EARLY_CLASSES = ["early-accepted", "early-sent", "early-resume"];

const control = (event: EarlyEvent) => document.querySelectorAll<HTMLElement>(AREAS[event.area])[event.index];

/**
 * Once the page has hydrated: stops the inline script's keeping (earlyInputScript.js) and replays
 * what the patient did before, in order, through the page's own handlers (a click is the same
 * click, a tick the same change), each step rendered before the next, so a second early click on
 * an answer finds its button disabled as a later one would. Returns whether anything was replayed.
 */
export function replayEarlyInput(): boolean {
  const early = (window as { __triageEarly?: EarlyInput }).__triageEarly;
  if (!early || early.live) return false;
  early.live = true;
  flushSync();
  // Typed text and a chosen unit are in the fields (hydration keeps them): the page's state reads them as if entered now.
  for (const field of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("[data-early-first] :is(input:not([type=checkbox]), textarea)")) {
    if (field.value !== field.defaultValue) field.dispatchEvent(new Event("input", { bubbles: true }));
  }
  for (const select of document.querySelectorAll<HTMLSelectElement>("[data-early-first] select")) {
    if (select.selectedOptions[0] && !select.selectedOptions[0].defaultSelected) select.dispatchEvent(new Event("change", { bubbles: true }));
  }
  // Ticks: hydration may have reset them or not; every box the patient touched starts unticked and each tick is replayed.
  for (const event of early.events) {
    const box = event.type === "check" ? control(event) : undefined;
    if (box instanceof HTMLInputElement) box.checked = false;
  }
  for (const event of early.events) {
    const element = control(event);
    if (!element) continue;
    if (event.type === "check" && element instanceof HTMLInputElement && element.checked !== event.checked) element.click();
    else if (event.type === "enter") element.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    else if (event.type === "click") element.click();
    flushSync();
  }
  document.documentElement.classList.remove(...EARLY_CLASSES);
  return early.events.length > 0;
}
