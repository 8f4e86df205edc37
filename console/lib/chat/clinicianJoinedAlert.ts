/*
 * A sound and a browser notification when a clinician joins a patient who waits (issue 24,
 * item 3): the patient may have put the phone down or switched tabs during a wait of hours.
 * Permission is asked only when the patient presses "Tell me when a clinician joins" (a
 * gesture, while they wait), never on load; the same gesture unlocks audio on mobile browsers.
 */

let audio: AudioContext | undefined;

/** Whether this browser can notify at all (iOS Safari outside a home-screen app cannot). */
export function canNotify(): boolean {
  return typeof window !== "undefined" && "Notification" in window;
}

/** Asks for notifications and unlocks sound; resolves to the permission the browser gave. */
export async function enableJoinAlerts(): Promise<NotificationPermission | "unsupported"> {
  unlockAudio();
  if (!canNotify()) return "unsupported";
  if (Notification.permission !== "default") return Notification.permission;
  return Notification.requestPermission();
}

/** Rings, and shows a notification when allowed. Never throws: an alert that fails must not break the chat. */
export function alertClinicianJoined(title: string, body: string): void {
  try {
    chime();
    if (canNotify() && Notification.permission === "granted") new Notification(title, { body, tag: "triage-clinician-joined" });
  } catch {
    // A browser refusing sound or notifications leaves the message on screen, which is enough.
  }
}

function unlockAudio(): void {
  const Context = typeof window === "undefined" ? undefined : window.AudioContext;
  if (!Context) return;
  audio ??= new Context();
  void audio.resume().catch(() => undefined);
}

/** Two short rising tones (no sound file to load). */
function chime(): void {
  unlockAudio();
  if (!audio) return;
  const start = audio.currentTime;
  for (const [i, frequency] of [660, 880].entries()) {
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = frequency;
    gain.gain.setValueAtTime(0.2, start + i * 0.18);
    gain.gain.exponentialRampToValueAtTime(0.001, start + i * 0.18 + 0.16);
    tone.connect(gain).connect(audio.destination);
    tone.start(start + i * 0.18);
    tone.stop(start + i * 0.18 + 0.17);
  }
}
