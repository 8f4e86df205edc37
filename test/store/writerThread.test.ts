import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, createTestDatabase, openTestStore, type TestDatabase } from "./storeFixtures.js";

const CHILD = fileURLToPath(new URL("./closeChild.ts", import.meta.url));

function runChild(databaseUrl: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, databaseUrl], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

describe("the SQLite writer thread in a process of its own", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
  });
  afterAll(async () => database?.drop());

  it("lets a script commit, close the store and end normally, with every turn written", async () => {
    const { code, out, err } = await runChild(database.url);
    // Exit code 13 would mean the process ended while close() was still waiting for the thread.
    expect({
      code,
      err: err
        .split("\n")
        .filter((line) => !line.includes("npm warn"))
        .join("\n")
        .trim(),
    }).toEqual({ code: 0, err: "" });
    expect(out).toContain("CLOSED");
    const store = await openTestStore(database.url);
    try {
      expect(await count(store, "turns", "session_id IN (?, ?)", "close-1", "close-2")).toBe(3);
    } finally {
      await store.close();
    }
  });
});
