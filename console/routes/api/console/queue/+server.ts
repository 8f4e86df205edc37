import { json } from "@sveltejs/kit";
import { consoleApi } from "$lib/server/auth/consoleApi";
import { consoleRuntime } from "$lib/server/auth/consoleRuntime";

/** GET: open and in-progress cases, most urgent first. */
export const GET = consoleApi("clinician", async () => json({ cases: await consoleRuntime().cases.queue(), serverTime: new Date().toISOString() }));
