import { Command } from "commander";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSigningKey } from "../../bot/audit/signingKey.js";
import { registerAuditCommands } from "../../bot/cli/auditCommands.js";
import { startRealServer, type RealServer } from "../security/realServer.js";
import { openTestStore } from "../store/storeFixtures.js";
import { WsClient } from "../web/wsClient.js";

type Line = { full: boolean; keyId: string; heads: { stream: string; seq: number }[] };

const linesOf = (file: string): Line[] =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Line)
    : [];

describe("npm start checkpoints the audit heads outside the database", () => {
  let dir: string;
  let server: RealServer;
  let receiver: Server;
  const received: unknown[] = [];
  let checkpoints: string;
  let keyFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "triage-anchors-"));
    checkpoints = join(dir, "checkpoints.jsonl");
    keyFile = join(dir, "audit.key");
    writeFileSync(keyFile, generateSigningKey().privatePem, { mode: 0o600 });
    // The webhook's receiver: another service on this machine keeping what it is sent.
    receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        received.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const port = (receiver.address() as { port: number }).port;
    server = await startRealServer({
      AUDIT_SIGNING_KEY_FILE: keyFile,
      AUDIT_CHECKPOINT_FILE: checkpoints,
      AUDIT_CHECKPOINT_WEBHOOK_URL: `http://127.0.0.1:${port}/anchors`,
      AUDIT_CHECKPOINT_SECONDS: "5",
    });
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes a full signed checkpoint at start to the file and the webhook, then the heads that moved, which verify", async () => {
    await expect.poll(() => linesOf(checkpoints).length, { timeout: 20_000 }).toBeGreaterThan(0);
    const [first] = linesOf(checkpoints);
    expect(first).toMatchObject({ full: true });
    expect(first!.heads.map((h) => h.stream)).toContain("admin");
    await expect.poll(() => received.length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(received[0]).toEqual(first);

    const client = await WsClient.connect(`${server.baseUrl.replace(/^http/, "ws")}/ws`, { origin: server.baseUrl });
    const id = randomUUID();
    client.send({ v: 1, type: "start", id, flow: "general", locale: "en" });
    const { sessionId } = await client.next("session", undefined, 15_000);
    await client.next("ack", (m) => m.replyTo === id, 15_000);
    client.socket.close();
    // The next periodic checkpoint lists the new chain, and only what moved.
    await expect.poll(() => linesOf(checkpoints).some((l) => l.heads.some((h) => h.stream === sessionId)), { timeout: 30_000 }).toBe(true);
    const later = linesOf(checkpoints).find((l) => l.heads.some((h) => h.stream === sessionId))!;
    expect(later.full).toBe(false);
    expect(later.heads.map((h) => h.stream)).not.toContain("admin");

    let out = "";
    let code = -1;
    const program = new Command("triage").exitOverride();
    const io = { out: (t: string) => void (out += t), err: (t: string) => void (out += t) };
    registerAuditCommands(
      program,
      io,
      (c) => (code = c),
      () => openTestStore(server.databaseUrl),
      { AUDIT_SIGNING_KEY_FILE: keyFile },
    );
    await program.parseAsync(["audit", "verify", "--checkpoints", checkpoints], { from: "user" });
    expect(out).toContain(`OK ${sessionId}`);
    expect(out).toContain("ANCHORED every chain matches the checkpoints");
    expect(code).toBe(0);
  });
});
