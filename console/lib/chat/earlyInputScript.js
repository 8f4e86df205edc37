/*
 * The chat page's only inline script (issue 24, 4b), allowed by its SHA-256 in that page's CSP
 * (console/hooks.server.ts hashes this very text: no nonce to thread through, nothing loosened). The
 * server renders the privacy notice and the flow's first question; until the page's own script
 * has hydrated (over a second on a slow phone) this keeps what the patient does with them, and
 * the page replays it through its own handlers once it runs (replayEarlyInput.ts).
 *
 * Why a script and not plain HTML forms: the conversation itself needs the page's script (a
 * WebSocket), so a form post would reload the page and wait for the same script again; a click
 * kept here costs nothing and goes through exactly the code a later click does.
 *
 * - Accept on the notice: the notice gives way to the first question at once (a class on <html>,
 *   chat.css), and the focus goes to the question's first field.
 * - Buttons of the first question and the language buttons: kept in order (the default action of
 *   a submit button waits for the replay); ticks and typing stay in the fields themselves, each
 *   tick kept too, since hydration may reset a box. "None of these" clears the other boxes at once,
 *   as it does once the page runs.
 * - A saved session on this browser (a reload, a return): the new-session notice and question are
 *   not this patient's; both stay hidden until the page resumes the conversation.
 */
export const EARLY_INPUT_SCRIPT = `(() => {
  const root = document.documentElement;
  const early = { events: [], live: false };
  window.__triageEarly = early;
  try {
    const flow = decodeURIComponent(location.pathname.split("/")[2] || "");
    if (localStorage.getItem("triage.chat." + flow)) root.classList.add("early-resume");
  } catch {}
  const areas = { notice: "[data-early-notice] button", lang: ".lang button", first: "[data-early-first] :is(button, input, select, textarea)" };
  const find = (target) => {
    for (const [area, selector] of Object.entries(areas)) {
      const element = target.closest(selector);
      if (element) return { area, element, index: [...document.querySelectorAll(selector)].indexOf(element) };
    }
  };
  // "None of these" is exclusive as the page's own handler makes it: ticking it clears the other boxes, ticking another clears it.
  const exclusive = (box) => {
    const none = box.closest("label.none");
    for (const other of box.closest("fieldset")?.querySelectorAll("label input[type=checkbox]") ?? []) {
      if (other !== box && (none || other.closest("label.none"))) other.checked = false;
    }
  };
  const keep = (event) => {
    if (early.live || !(event.target instanceof Element) || root.classList.contains("early-resume")) return;
    const found = find(event.target);
    if (!found) return;
    const { area, element, index } = found;
    if (event.type === "change" && element.type === "checkbox") {
      early.events.push({ type: "check", area, index, checked: element.checked });
      if (element.checked) exclusive(element);
    }
    if (event.type === "keydown" && event.key === "Enter" && element.tagName === "INPUT" && !element.form) early.events.push({ type: "enter", area, index });
    if (event.type !== "click" || element.tagName !== "BUTTON") return;
    event.preventDefault();
    early.events.push({ type: "click", area, index });
    if (area === "notice") {
      root.classList.add("early-accepted");
      document.querySelector(areas.first)?.focus();
    }
    if (area === "first") root.classList.add("early-sent");
  };
  for (const type of ["click", "change", "keydown"]) document.addEventListener(type, keep, true);
})();`;

/**
 * The element the chat page puts in its head. Built here, not in the page's markup: Vite's
 * dependency scanner reads every `<script>` it finds in a .svelte file as code, and a literal one
 * in the markup failed the whole scan, so `vite dev` discovered dependencies page by page and
 * reloaded pages under the tests' feet.
 */
export const EARLY_INPUT_TAG = `<script>${EARLY_INPUT_SCRIPT}</script>`;
