/** An emergency number as the page receives it. */
export interface EmergencyNumberView {
  number: string;
  label: string;
}

/**
 * Shows the emergency numbers at the very top of the page with plain DOM calls, in the separate
 * #triage-emergency element of app.html, before the app renders anything else: an EMERGENCY
 * outcome must show the number first even if the rest of the page fails (DESIGN.md, safety rules).
 */
export function showEmergency(numbers: EmergencyNumberView[], heading: string, text: string): void {
  const box = typeof document === "undefined" ? null : document.getElementById("triage-emergency");
  if (!box) return;
  box.replaceChildren();
  const links = document.createElement("p");
  links.style.margin = "0";
  for (const n of numbers) {
    const link = document.createElement("a");
    link.href = `tel:${n.number.replace(/\s+/g, "")}`;
    link.textContent = `☎ ${n.number}`;
    link.setAttribute("aria-label", `${heading}: ${n.number} (${n.label})`);
    link.dataset.emergencyNumber = n.number;
    links.append(link);
  }
  const words = document.createElement("p");
  words.style.margin = "0.5rem 0 0";
  words.textContent = `${heading}. ${text}`;
  box.append(links, words);
  box.hidden = false;
  window.scrollTo?.({ top: 0 });
}

/** Hides the banner (the patient started a new conversation). */
export function hideEmergency(): void {
  const box = typeof document === "undefined" ? null : document.getElementById("triage-emergency");
  if (!box) return;
  box.hidden = true;
  box.replaceChildren();
}
