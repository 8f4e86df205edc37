/*
 * Memory per idle live session: RSS and JS heap growth of a running server per session opened,
 * measured after full garbage collections requested through the server's V8 inspector, so the
 * figures are what sessions hold and not garbage a later collection would free.
 */
import { readFileSync } from "node:fs";
import WebSocket from "ws";

/** RSS of the server: tsx runs it in a child process, so sum the process and its descendants. */
export function rssKiB(pid: number): number {
  const own = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  return own + children.reduce((sum, child) => sum + rssKiB(child), 0);
}

/** Asks the server's V8 inspector for full garbage collections and returns its heap in use afterwards (bytes). */
async function collectGarbage(inspectorUrl: string): Promise<number> {
  const inspector = new WebSocket(inspectorUrl);
  await new Promise<void>((resolve, reject) => {
    inspector.once("open", () => resolve());
    inspector.once("error", reject);
  });
  let next = 0;
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<{ result?: { result?: { value?: unknown } } }>((resolve) => {
      const id = ++next;
      const onMessage = (data: WebSocket.RawData) => {
        const reply = JSON.parse(String(data)) as { id?: number };
        if (reply.id !== id) return;
        inspector.off("message", onMessage);
        resolve(reply as never);
      };
      inspector.on("message", onMessage);
      inspector.send(JSON.stringify({ id, method, params }));
    });
  // Twice: the first can leave objects that only the next one finds unreachable (weak references).
  await call("HeapProfiler.collectGarbage");
  await call("HeapProfiler.collectGarbage");
  const heap = await call("Runtime.evaluate", { expression: "process.memoryUsage().heapUsed", returnByValue: true });
  inspector.close();
  return Number(heap.result?.result?.value ?? 0);
}

/**
 * Opens `count` patient connections that start a session and then stay idle, and returns what each
 * costs the server: RSS growth and heap growth per session, both after full collections so the
 * figures are memory the sessions hold, not garbage the next collection would have freed.
 */
export async function idleSessionMemory(
  wsUrl: string,
  server: { pid: number; inspectorUrl: string },
  count: number,
): Promise<{ rssBytes: number; heapBytes: number }> {
  const heapBefore = await collectGarbage(server.inspectorUrl);
  const before = rssKiB(server.pid);
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i++) {
    const ws = new WebSocket(wsUrl, { headers: { origin: wsUrl.replace(/^ws/, "http").replace(/\/ws$/, "") } });
    await new Promise<void>((resolve, reject) => {
      ws.once("error", reject);
      ws.once("open", () => ws.send(JSON.stringify({ v: 1, id: `idle-${i}`, type: "start", flow: "general", locale: "fr" })));
      ws.on("message", (data) => {
        if (String(data).includes('"type":"session"')) resolve();
      });
    });
    sockets.push(ws);
  }
  const heapAfter = await collectGarbage(server.inspectorUrl);
  const after = rssKiB(server.pid);
  for (const ws of sockets) ws.close();
  await new Promise((r) => setTimeout(r, 200));
  return { rssBytes: ((after - before) * 1024) / count, heapBytes: (heapAfter - heapBefore) / count };
}
