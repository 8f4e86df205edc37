/*
 * How a console gets a clinician's attention for a new EMERGENCY or URGENT case: a short beep
 * (WebAudio, no sound file) and a system notification when the clinician allowed them. Browsers
 * only let audio start after a user gesture: "Enable alerts" is that gesture.
 */

let audio: AudioContext | undefined;

/** Creates (or resumes) the audio context; call it from a click. */
export function unlockSound(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
  } catch {
    // No WebAudio: the visual alert and the notification remain.
  }
}

/** Plays two short tones (about half a second in all). */
export function beep(): void {
  try {
    audio ??= new AudioContext();
    const start = audio.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.3, 660],
    ] as const) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = "sine";
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.3, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.22);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.25);
    }
  } catch {
    // As above: never let an alert break the queue.
  }
}

/** The notification permission, or "unsupported". */
export function notificationPermission(): NotificationPermission | "unsupported" {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
}

/** Asks for notifications (from a click) and unlocks sound; resolves with the permission. */
export async function enableAlerts(): Promise<NotificationPermission | "unsupported"> {
  unlockSound();
  if (typeof Notification === "undefined") return "unsupported";
  if (Notification.permission === "default") return Notification.requestPermission();
  return Notification.permission;
}

/** Shows a system notification when permitted; clicking it focuses the console on the case. */
export function notify(title: string, body: string, href: string): void {
  if (notificationPermission() !== "granted") return;
  try {
    const notification = new Notification(title, { body, tag: href, requireInteraction: true });
    notification.onclick = () => {
      window.focus();
      location.assign(href);
      notification.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker: the beep and the banner remain.
  }
}
