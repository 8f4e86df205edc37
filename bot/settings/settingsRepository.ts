import type { Json } from "../engine/ports.js";
import type { Logger } from "../logger.js";
import { appendInTransaction, type TriageTx } from "../store/auditLog.js";
import type { PrismaStore } from "../store/prismaStore.js";
import { SETTING_KEYS, SETTING_SCHEMAS, type DeploymentSettings, type SettingKey } from "./settingsSchema.js";

/** Stored settings and the stamp of the rows they came from. */
export interface StoredSettings {
  settings: DeploymentSettings;
  /** Which rows were read, as of when they were written (see `stamp`). */
  stamp: string;
}

/** Where the live settings come from and go to (the `settings` table; tests may pass another). */
export interface SettingsSource {
  /** The stored values over the defaults; a stored value that no longer parses is ignored (and logged). */
  read(defaults: DeploymentSettings): Promise<StoredSettings>;
  /**
   * The stored rows' keys and update times in one small query (one row per key): it differs from
   * the stamp `read` returned whenever any key was written since. Per key rather than the latest
   * time alone, so a save from a process whose clock runs behind still changes it.
   */
  stamp(): Promise<string>;
  /** Writes the changed keys and the `settings.changed` admin event in one transaction; returns the keys written. */
  write(next: DeploymentSettings, defaults: DeploymentSettings, editor: { email: string }, now: Date): Promise<SettingKey[]>;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const stampOf = (rows: { key: string; updatedAt: Date }[]) =>
  rows
    .map((row) => `${row.key}@${row.updatedAt.toISOString()}`)
    .sort()
    .join(",");

async function readRows(db: Pick<TriageTx, "setting">, defaults: DeploymentSettings, logger?: Pick<Logger, "warn">): Promise<StoredSettings> {
  const rows = await db.setting.findMany({ where: { key: { in: SETTING_KEYS } } });
  const settings: Record<string, unknown> = { ...defaults };
  for (const row of rows) {
    const key = row.key as SettingKey;
    let parsed: ReturnType<(typeof SETTING_SCHEMAS)[SettingKey]["safeParse"]>;
    try {
      parsed = SETTING_SCHEMAS[key].safeParse(JSON.parse(row.value));
    } catch {
      parsed = { success: false } as typeof parsed;
    }
    if (parsed.success) settings[key] = parsed.data;
    else logger?.warn({ setting: key }, "settings: stored value is invalid, the default applies");
  }
  return { settings: settings as DeploymentSettings, stamp: stampOf(rows) };
}

/** The deployment settings in the database (one row per key, JSON text), audited on the admin chain. */
export class SettingsRepository implements SettingsSource {
  constructor(
    private readonly store: Pick<PrismaStore, "prisma" | "writeTransaction">,
    private readonly logger?: Pick<Logger, "warn">,
  ) {}

  read(defaults: DeploymentSettings): Promise<StoredSettings> {
    return readRows(this.store.prisma, defaults, this.logger);
  }

  async stamp(): Promise<string> {
    return stampOf(await this.store.prisma.setting.findMany({ where: { key: { in: SETTING_KEYS } }, select: { key: true, updatedAt: true } }));
  }

  write(next: DeploymentSettings, defaults: DeploymentSettings, editor: { email: string }, now: Date): Promise<SettingKey[]> {
    return this.store.writeTransaction(async (tx) => {
      // "Before" is read inside the transaction, so the audit event says what this save replaced.
      const { settings: before } = await readRows(tx, defaults, this.logger);
      const changed = SETTING_KEYS.filter((key) => !sameJson(before[key], next[key]));
      if (changed.length === 0) return changed;
      for (const key of changed) {
        const row = { value: JSON.stringify(next[key]), updatedAt: now, updatedBy: editor.email };
        await tx.setting.upsert({ where: { key }, create: { key, ...row }, update: row });
      }
      const pick = (from: DeploymentSettings) => Object.fromEntries(changed.map((key) => [key, from[key]])) as Json;
      await appendInTransaction(
        tx,
        "admin",
        [{ type: "settings.changed", payload: { actor: editor.email, details: { keys: changed, before: pick(before), after: pick(next) } } }],
        now.toISOString(),
      );
      return changed;
    });
  }
}
