import { beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CONSOLE_COOKIE } from "../../bot/auth/sessionCookie.js";
import { PASSWORD } from "./consoleFixtures.js";
import { useLiveInstance } from "./useLiveInstance.js";

/*
 * The console's socket door (/ws?console=1) refuses at the upgrade, before any frame: another
 * site's page, and a browser without a console session. The real runtime and HTTP server on
 * 127.0.0.1 (the checks are shared with the patients' door: bot/channels/web/socketServer.ts).
 */

const app = useLiveInstance();

/** The HTTP status the server answered the upgrade with, or "open" when the socket opened. */
function upgradeOutcome(headers: Record<string, string>): Promise<number | "open"> {
  const socket = new WebSocket(`${app.ws}?console=1`, { headers });
  return new Promise((resolve, reject) => {
    socket.once("open", () => {
      socket.close();
      resolve("open");
    });
    socket.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once("error", (error) => reject(error));
  });
}

beforeAll(async () => {
  await app.runtime.console!.auth.addUser({ email: "upgrade@example.org", role: "clinician", displayName: "Upgrade", password: PASSWORD }, "test");
});

describe("the console's socket door", () => {
  it("opens for a signed-in clinician's page of our own host", async () => {
    const signed = await app.runtime.console!.auth.signIn({ email: "upgrade@example.org", password: PASSWORD, ip: "127.0.0.1" });
    if (!signed.ok) throw new Error("sign-in failed");
    const host = new URL(app.ws).host;
    expect(await upgradeOutcome({ cookie: `${CONSOLE_COOKIE}=${signed.token}`, origin: `http://${host}` })).toBe("open");
  });

  it("refuses another site's page with 403, even with a valid session cookie", async () => {
    const signed = await app.runtime.console!.auth.signIn({ email: "upgrade@example.org", password: PASSWORD, ip: "127.0.0.1" });
    if (!signed.ok) throw new Error("sign-in failed");
    expect(await upgradeOutcome({ cookie: `${CONSOLE_COOKIE}=${signed.token}`, origin: "https://evil.example.com" })).toBe(403);
  });

  it("refuses a page without a console session with 401", async () => {
    expect(await upgradeOutcome({})).toBe(401);
    expect(await upgradeOutcome({ cookie: `${CONSOLE_COOKIE}=not-a-session` })).toBe(401);
  });
});
