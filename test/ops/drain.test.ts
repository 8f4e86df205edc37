import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerProcess, type ServerProcess } from "../browser/serverProcess.js";

/*
 * Draining as an orchestrator drives it: `npm start`'s own process gets SIGTERM, /readyz turns 503
 * while the process still serves for TRIAGE_DRAIN_SECONDS, and a second SIGTERM cuts the wait.
 */

let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess({ env: { TRIAGE_DRAIN_SECONDS: "120" } });
});

afterAll(async () => {
  await server.stop();
});

describe("npm start on SIGTERM", () => {
  it("answers /readyz 503 `draining` while still serving, and exits cleanly on a second SIGTERM", async () => {
    expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);
    process.kill(server.pid!, "SIGTERM");
    let answer: { status: number; body: unknown } | undefined;
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const response = await fetch(`${server.baseUrl}/readyz`);
      answer = { status: response.status, body: await response.json() };
      if (answer.status === 503) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(answer).toEqual({ status: 503, body: { status: "not_ready", draining: true, checks: {} } });
    // Still serving: the process is alive and patients' pages still load while the balancer moves away.
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.baseUrl}/chat/general`)).status).toBe(200);
    // The second SIGTERM (ServerProcess.stop) cuts the 120 s drain short.
    expect(await server.stop()).toBe(0);
  });
});
