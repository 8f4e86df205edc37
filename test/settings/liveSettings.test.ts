import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryBus } from "../../bot/bus/memoryBus.js";
import { RedisBus } from "../../bot/bus/redisBus.js";
import { loadConfig } from "../../bot/config/config.js";
import type { ChatMessage } from "../../bot/engine/chatMessage.js";
import { ConversationService } from "../../bot/engine/conversationService.js";
import type { Bus } from "../../bot/engine/ports.js";
import { FixedClock } from "../../bot/engine/systemClock.js";
import { systemIds } from "../../bot/engine/systemIds.js";
import { LiveSettings } from "../../bot/settings/liveSettings.js";
import { SettingsRepository, type SettingsSource } from "../../bot/settings/settingsRepository.js";
import { defaultSettings, type DeploymentSettings } from "../../bot/settings/settingsSchema.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { count, createTestDatabase, DRIVERS, openTestStore, quietLogger, rawQuery, type Driver, type TestDatabase } from "../store/storeFixtures.js";
import { testRedisUrl } from "../services/urls.js";

const REDIS_URL = testRedisUrl();
const CONFIG = loadConfig({ LOG_LEVEL: "silent" });
const DEFAULTS = defaultSettings(CONFIG);
const ADMIN = { email: "admin@example.org" };
const START = "2026-11-23T09:00:00.000Z";

/** The defaults with FR's first emergency number replaced and URGENT/SOON SLAs changed. */
function edited(): DeploymentSettings {
  const next = structuredClone(DEFAULTS);
  next.emergencyNumbers.FR[0] = { number: "115", label: { fr: "Urgence test", en: "Test emergency" } };
  next.slaMinutes.SOON = 90;
  next.urgencyLabels.SOON = { fr: "Aujourd'hui même", en: "Today please" };
  return next;
}

interface World {
  database: TestDatabase;
  store: PrismaStore;
  clock: FixedClock;
  settings: LiveSettings;
  conversations: ConversationService;
  close(): Promise<void>;
}

const open: World[] = [];

interface WorldOptions {
  /** The recheck period (LiveSettingsDeps.recheckMs); default: the production minute. */
  recheckMs?: number;
  /** Wraps the real repository (e.g. to count its queries). */
  source?: (repository: SettingsRepository) => SettingsSource;
}

async function world(driver: Driver, database?: TestDatabase, bus: Bus = new MemoryBus(), options: WorldOptions = {}): Promise<World> {
  const db = database ?? (await createTestDatabase(driver));
  const store = await openTestStore(db.url);
  const clock = new FixedClock(START);
  const repository = new SettingsRepository(store, quietLogger);
  const source = options.source?.(repository) ?? repository;
  const settings = await LiveSettings.open({
    defaults: DEFAULTS,
    country: "FR",
    source,
    bus,
    clock,
    logger: quietLogger,
    ...(options.recheckMs ? { recheckMs: options.recheckMs } : {}),
  });
  const conversations = new ConversationService({ store, bus, clock, ids: systemIds, config: settings.engineConfig });
  if (!(await store.latestFlowVersion("tiny"))) await store.publishFlowVersion({ definition: tinyFlow(), author: "test", changeNote: "settings tests" });
  const made: World = {
    database: db,
    store,
    clock,
    settings,
    conversations,
    async close() {
      settings.close();
      await store.close();
      if (!database) await db.drop();
    },
  };
  open.push(made);
  return made;
}

afterEach(async () => {
  for (const w of open.splice(0).reverse()) await w.close();
});

/** Runs the tiny flow to the given symptoms (blue lips: EMERGENCY; cough with pain 8: SOON, a case). */
async function runTiny(w: World, symptoms: string[], pain = 2): Promise<{ sessionId: string; messages: ChatMessage[] }> {
  const started = await w.conversations.start({ flow: "tiny", locale: "en", channel: "web", clientMessageId: `start-${Math.random()}` });
  const messages = [...started.turn.messages];
  const answers: unknown[] = [40, symptoms, pain];
  for (const [i, value] of answers.entries()) {
    const turn = await w.conversations.send(started.sessionId, `a${i}`, { type: "answer", value });
    messages.push(...turn.messages);
    if (turn.status !== "active") break;
  }
  return { sessionId: started.sessionId, messages };
}

const emergencyNumbersShown = (messages: ChatMessage[]) => messages.flatMap((m) => (m.body.kind === "emergency" ? m.body.numbers.map((n) => n.number) : []));

describe.each(DRIVERS)("deployment settings on %s", (driver) => {
  it("behaves as today's configuration while the settings table is empty", async () => {
    const w = await world(driver);
    expect(w.settings.current).toEqual(DEFAULTS);
    expect(w.settings.engineConfig.emergencyNumbers.map((n) => n.number)).toEqual(["15", "112"]);
    expect(w.settings.engineConfig.slaMinutes).toEqual({ EMERGENCY: 5, URGENT: 15, SOON: 240 });
  });

  it("saves the new values and appends a settings.changed admin event with the editor, before and after", async () => {
    const w = await world(driver);
    const result = await w.settings.save(edited(), ADMIN);
    expect(result).toEqual({ ok: true, changed: ["emergencyNumbers", "slaMinutes", "urgencyLabels"] });
    const rows = await rawQuery<{ key: string; value: string; updated_by: string }>(w.store, "SELECT key, value, updated_by FROM settings ORDER BY key");
    expect(rows.map((r) => [r.key, r.updated_by])).toEqual([
      ["emergencyNumbers", ADMIN.email],
      ["slaMinutes", ADMIN.email],
      ["urgencyLabels", ADMIN.email],
    ]);
    expect(JSON.parse(rows[1]!.value)).toEqual({ EMERGENCY: 5, URGENT: 15, SOON: 90 });
    const [event] = (await w.store.readAuditEvents("admin", 0)).filter((e) => e.type === "settings.changed");
    expect(event?.payload).toMatchObject({
      actor: ADMIN.email,
      details: { keys: ["emergencyNumbers", "slaMinutes", "urgencyLabels"], before: { slaMinutes: { SOON: 240 } }, after: { slaMinutes: { SOON: 90 } } },
    });
    // A second process reading the same database gets the saved values.
    const other = await world(driver, w.database);
    expect(other.settings.current).toEqual(edited());
  });

  it("refuses invalid settings field by field and saves nothing", async () => {
    const w = await world(driver);
    const bad = structuredClone(DEFAULTS) as unknown as {
      emergencyNumbers: { MA: unknown[]; FR: { number: string }[] };
      slaMinutes: Record<string, unknown>;
      urgencyLabels: { URGENT: { en: string } };
    };
    bad.emergencyNumbers.MA = [];
    bad.emergencyNumbers.FR[1]!.number = "call 15";
    bad.slaMinutes.URGENT = 0;
    bad.slaMinutes.SOON = 2.5;
    bad.urgencyLabels.URGENT.en = " ";
    const result = await w.settings.save(bad, ADMIN);
    expect(result).toEqual({
      ok: false,
      errors: {
        "emergencyNumbers.MA": "at_least_one",
        "emergencyNumbers.FR.1.number": "bad_number",
        "slaMinutes.URGENT": "min_minutes",
        "slaMinutes.SOON": "whole_minutes",
        "urgencyLabels.URGENT.en": "required",
      },
    });
    expect(await count(w.store, "settings")).toBe(0);
    expect((await w.store.readAuditEvents("admin", 0)).some((e) => e.type === "settings.changed")).toBe(false);
    expect(w.settings.current).toEqual(DEFAULTS);
  });

  it("writes nothing and audits nothing when the values did not change", async () => {
    const w = await world(driver);
    expect(await w.settings.save(structuredClone(DEFAULTS), ADMIN)).toEqual({ ok: true, changed: [] });
    expect(await count(w.store, "settings")).toBe(0);
  });
});

describe("the running conversation service after a save", () => {
  it("shows the new emergency number to a session that reaches EMERGENCY after the change", async () => {
    const w = await world("sqlite");
    expect(emergencyNumbersShown((await runTiny(w, ["blue_lips"])).messages)).toEqual(["15", "112"]);
    await w.settings.save(edited(), ADMIN);
    const after = await runTiny(w, ["blue_lips"]);
    expect(emergencyNumbersShown(after.messages)).toEqual(["115", "112"]);
    const card = after.messages.find((m) => m.body.kind === "outcome");
    expect(card?.body.kind === "outcome" && card.body.outcome.emergencyNumbers?.[0]).toEqual({ number: "115", label: "Test emergency" });
  });

  it("gives a case opened after an SLA change the new deadline, and its outcome card the new label", async () => {
    const w = await world("sqlite");
    await w.settings.save(edited(), ADMIN);
    const { sessionId, messages } = await runTiny(w, ["cough"], 8);
    const opened = await w.store.prisma.handoffCase.findFirstOrThrow({ where: { sessionId } });
    expect(opened.urgency).toBe("SOON");
    expect(opened.slaDeadline.getTime() - opened.openedAt.getTime()).toBe(90 * 60_000);
    const card = messages.find((m) => m.body.kind === "outcome");
    expect(card?.body.kind === "outcome" && card.body.outcome.urgencyLabel).toBe("Today please");
  });

  it("reaches the other processes through Redis: another instance uses the saved values for its next turn", async () => {
    const database = await createTestDatabase("postgres");
    const busA = new RedisBus({ url: REDIS_URL });
    const busB = new RedisBus({ url: REDIS_URL });
    try {
      await Promise.all([busA.ready(), busB.ready()]);
      const a = await world("postgres", database, busA);
      const b = await world("postgres", database, busB);
      await a.settings.save(edited(), ADMIN);
      await vi.waitFor(() => expect(b.settings.engineConfig.emergencyNumbers[0]?.number).toBe("115"));
      expect(emergencyNumbersShown((await runTiny(b, ["blue_lips"])).messages)).toEqual(["115", "112"]);
    } finally {
      for (const w of open.splice(0).reverse()) await w.close();
      await Promise.all([busA.close(), busB.close()]);
      await database.drop();
    }
  });
});

/** A repository that counts its reads and stamp checks. */
function counted(repository: SettingsRepository) {
  const calls = { read: 0, stamp: 0 };
  const source: SettingsSource = {
    read: (defaults) => (calls.read++, repository.read(defaults)),
    stamp: () => (calls.stamp++, repository.stamp()),
    write: (...args) => repository.write(...args),
  };
  return { calls, source };
}

/** Waits (bounded) until `done` holds; the recheck runs every RECHECK_MS. */
const until = (done: () => void) => vi.waitFor(done, { timeout: 5_000, interval: 10 });
const RECHECK_MS = 25;

describe("a process that missed a settings.changed event (Redis briefly down)", () => {
  it("applies a save written to the database without any event at its next recheck, and its next patient sees it", async () => {
    const w = await world("sqlite", undefined, new MemoryBus(), { recheckMs: RECHECK_MS });
    // Written as another process would, but no event reaches this one.
    await new SettingsRepository(w.store, quietLogger).write(edited(), DEFAULTS, ADMIN, new Date("2026-11-23T09:05:00.000Z"));
    await until(() => expect(w.settings.current).toEqual(edited()));
    expect(emergencyNumbersShown((await runTiny(w, ["blue_lips"])).messages)).toEqual(["115", "112"]);
  });

  it("reads the settings again only when a stored row changed", async () => {
    let counter: ReturnType<typeof counted> | undefined;
    const w = await world("sqlite", undefined, new MemoryBus(), { recheckMs: RECHECK_MS, source: (repository) => (counter = counted(repository)).source });
    const calls = counter!.calls;
    expect(calls.read).toBe(1);
    await until(() => expect(calls.stamp).toBeGreaterThanOrEqual(3));
    expect(calls.read).toBe(1);

    await new SettingsRepository(w.store, quietLogger).write(edited(), DEFAULTS, ADMIN, new Date("2026-11-23T09:05:00.000Z"));
    await until(() => expect(w.settings.current).toEqual(edited()));
    const checked = calls.stamp;
    await until(() => expect(calls.stamp).toBeGreaterThanOrEqual(checked + 3));
    expect(calls.read).toBe(2);
  });

  it("applies a later save stamped earlier than the one it holds (a process whose clock runs behind)", async () => {
    const w = await world("sqlite", undefined, new MemoryBus(), { recheckMs: RECHECK_MS });
    const other = new SettingsRepository(w.store, quietLogger);
    await other.write(edited(), DEFAULTS, ADMIN, new Date("2026-11-23T09:05:00.000Z"));
    await until(() => expect(w.settings.current).toEqual(edited()));
    const next = edited();
    next.slaMinutes.URGENT = 10;
    await other.write(next, DEFAULTS, ADMIN, new Date("2026-11-23T09:04:00.000Z"));
    await until(() => expect(w.settings.engineConfig.slaMinutes.URGENT).toBe(10));
  });

  it("stops checking when closed", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      const w = await world("sqlite", undefined, new MemoryBus(), { recheckMs: RECHECK_MS });
      expect(vi.getTimerCount()).toBe(1);
      w.settings.close();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
