import type { Browser, BrowserContext, Page } from "playwright-core";
import pino from "pino";
import type { ConsoleUser } from "../../bot/auth/authStore.js";
import { consoleAuthOn } from "./consoleAuthOn.js";
import type { Role } from "../../bot/auth/roles.js";
import { openStore } from "../../bot/store/openStore.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { startServerProcess, type ServerProcess } from "../browser/serverProcess.js";

export const TEST_PASSWORD = "correct horse battery staple";

/**
 * The whole product as `npm start` runs it (a child process on a temporary SQLite file), and a
 * store on the same file for the test to create accounts and read the audit log.
 */
export interface ConsoleServer {
  server: ServerProcess;
  baseUrl: string;
  store: PrismaStore;
  addUser(email: string, role: Role, displayName: string): Promise<ConsoleUser>;
  stop(): Promise<void>;
}

/** `start` picks how the product runs: `npm start` by default (a test may pass `vite dev`'s starter). */
export async function startConsoleServer(
  env: Record<string, string> = {},
  start: (options: { env: Record<string, string> }) => Promise<ServerProcess> = startServerProcess,
): Promise<ConsoleServer> {
  const server = await start({ env });
  const store = await openStore({ databaseUrl: server.databaseUrl, logger: pino({ level: "silent" }) });
  const auth = consoleAuthOn(store);
  return {
    server,
    baseUrl: server.baseUrl,
    store,
    async addUser(email, role, displayName) {
      return (await auth.addUser({ email, role, displayName, password: TEST_PASSWORD }, "test")).user;
    },
    async stop() {
      // The store first: the server's own temporary database is deleted once it has stopped.
      await store.close();
      await server.stop();
    },
  };
}

/** A browser context (its own cookies; the browser's time zone `timezoneId`, else the machine's) signed in through the sign-in form; the page ends on `then`. */
export async function signedIn(
  browser: Browser,
  baseUrl: string,
  email: string,
  options: { locale?: "fr" | "en"; then?: string; timezoneId?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const locale = options.locale ?? "en";
  const context = await browser.newContext({
    locale: locale === "fr" ? "fr-FR" : "en-GB",
    baseURL: baseUrl,
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  });
  const page = await context.newPage();
  await page.goto(`/console/sign-in?next=${encodeURIComponent(options.then ?? "/console")}`);
  await hydrated(page);
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(TEST_PASSWORD);
  await submitSignIn(page);
  if (page.url().includes("/console/sign-in")) {
    const problem = await page
      .getByTestId("sign-in-problem")
      .textContent({ timeout: 1_000 })
      .catch(() => null);
    throw new Error(`${email} could not sign in: ${problem ?? page.url()}`);
  }
  return { context, page };
}

/** Submits the sign-in form and waits for the page the server answers with (a form post is a full navigation). */
export async function submitSignIn(page: Page): Promise<void> {
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/console/sign-in", { timeout: 15_000 });
  await page.getByTestId("sign-in-submit").click();
  const response = await answered;
  if (response.status() === 303) await page.waitForURL((url) => url.pathname !== "/console/sign-in", { timeout: 15_000 });
  await hydrated(page);
}

/** Waits until the console page is interactive: typing before hydration can be lost. */
export async function hydrated(page: Page): Promise<void> {
  await page.locator(".console-app[data-hydrated]").waitFor({ timeout: 15_000 });
}
