import type { Bus } from "../engine/ports.js";
import type { EngineConfig } from "../engine/turnContext.js";
import type { Logger } from "../logger.js";
import type { SettingsSource } from "./settingsRepository.js";
import { deploymentSettingsSchema, SETTING_ERROR_CODES, type DeploymentSettings, type SettingErrorCode, type SettingKey } from "./settingsSchema.js";
import { loadCrisisLines } from "../config/config.js";

export type SaveSettingsResult =
  | { ok: true; changed: SettingKey[] }
  /** Field path ("slaMinutes.URGENT", "emergencyNumbers.FR.0.number") -> why it was refused; nothing was saved. */
  | { ok: false; errors: Record<string, SettingErrorCode | "invalid"> };

export interface LiveSettingsDeps {
  defaults: DeploymentSettings;
  /** The deployment country (TRIAGE_COUNTRY): whose emergency numbers patients see. */
  country: "FR" | "MA";
  /** Absent: the defaults, read-only (a runtime without a database). */
  source?: SettingsSource;
  bus?: Bus;
  clock: { now(): Date };
  logger: Pick<Logger, "warn">;
  /** How often to check the database for a save this process did not hear about (default: DEFAULT_RECHECK_MS). */
  recheckMs?: number;
}

/** A minute: how long a process may keep old values after missing a `settings.changed` event. */
export const DEFAULT_RECHECK_MS = 60_000;

/**
 * The deployment settings the running process uses, changed without a restart. `engineConfig` is
 * one object whose fields read the current values, handed once to the conversation and case
 * services: the next turn or case after a save reads the new numbers, SLAs and labels.
 *
 * Several processes (REDIS_URL): a save publishes `settings.changed` on the bus and every process
 * reloads from the database when it hears it, rather than re-reading with a short cache. The bus
 * already links the instances for live views, a change applies everywhere within a round trip
 * instead of after a cache period, and the hot path never queries settings. The event carries no
 * values: the database stays the one source, so a late or duplicated event cannot apply stale data.
 * An event can still be missed (Redis briefly down, a process reconnecting): every `recheckMs`,
 * each process compares the rows' update stamps with the ones it read (one small query) and
 * reloads when they differ, so a missed save applies within that period, not at the next save.
 */
export class LiveSettings {
  #current: DeploymentSettings;
  #reloads = 0;
  /** The stamp of the rows #current was read from (undefined: not read from a database). */
  #stamp: string | undefined;
  #unsubscribe: () => void = () => {};
  #recheckTimer: ReturnType<typeof setInterval> | undefined;
  #rechecking = false;
  readonly #listeners = new Set<(settings: DeploymentSettings) => void>();
  readonly engineConfig: EngineConfig;

  constructor(private readonly deps: LiveSettingsDeps) {
    this.#current = deps.defaults;
    const current = () => this.#current;
    const country = deps.country;
    const crisisLines = loadCrisisLines(country);
    this.engineConfig = {
      crisisLines,
      get emergencyNumbers() {
        return current().emergencyNumbers[country];
      },
      get slaMinutes() {
        return current().slaMinutes;
      },
      get urgencyLabels() {
        return current().urgencyLabels;
      },
    };
  }

  /** Reads the stored settings and starts following other processes' saves. */
  static async open(deps: LiveSettingsDeps): Promise<LiveSettings> {
    const settings = new LiveSettings(deps);
    await settings.reload();
    settings.#follow();
    return settings;
  }

  get current(): DeploymentSettings {
    return this.#current;
  }

  get country(): "FR" | "MA" {
    return this.deps.country;
  }

  get editable(): boolean {
    return this.deps.source !== undefined;
  }

  /** Re-reads the database; when reloads overlap, the last one started wins. */
  async reload(): Promise<void> {
    if (!this.deps.source) return;
    const ticket = ++this.#reloads;
    const read = await this.deps.source.read(this.deps.defaults);
    if (ticket !== this.#reloads) return;
    const changed = JSON.stringify(read.settings) !== JSON.stringify(this.#current);
    this.#current = read.settings;
    this.#stamp = read.stamp;
    if (changed) this.#notify();
  }

  /**
   * Calls `listener` with the new values each time the ones in force here change (a save here, a
   * save heard of on the bus, a recheck), after they apply; returns the function that stops.
   * Live views push renamed labels with it, never before this process reads them.
   */
  onChange(listener: (settings: DeploymentSettings) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reloads if any stored setting was written since the last read (a save whose event this process missed); true when it did. */
  async recheck(): Promise<boolean> {
    if (!this.deps.source) return false;
    if ((await this.deps.source.stamp()) === this.#stamp) return false;
    await this.reload();
    return true;
  }

  /** Validates and saves every setting at once (audited with the editor), applies it here, then tells the other processes. */
  async save(input: unknown, editor: { email: string }): Promise<SaveSettingsResult> {
    if (!this.deps.source) throw new Error("settings are read-only without a database");
    // A form or client that does not show the assist switches (older API callers) keeps them as they are.
    const complete = typeof input === "object" && input !== null && !("assist" in input) ? { ...input, assist: this.#current.assist } : input;
    const parsed = deploymentSettingsSchema.safeParse(complete);
    if (!parsed.success) {
      const errors: Record<string, SettingErrorCode | "invalid"> = {};
      for (const issue of parsed.error.issues) {
        const path = issue.path.join(".");
        errors[path] ??= (SETTING_ERROR_CODES as readonly string[]).includes(issue.message) ? (issue.message as SettingErrorCode) : "invalid";
      }
      return { ok: false, errors };
    }
    const changed = await this.deps.source.write(parsed.data, this.deps.defaults, editor, this.deps.clock.now());
    await this.reload();
    if (changed.length > 0) await this.deps.bus?.publish({ type: "settings.changed", keys: changed });
    return { ok: true, changed };
  }

  /** Stops following other processes' saves (the bus and the periodic recheck). */
  close(): void {
    this.#unsubscribe();
    clearInterval(this.#recheckTimer);
    this.#recheckTimer = undefined;
    this.#listeners.clear();
  }

  #notify(): void {
    for (const listener of this.#listeners) {
      try {
        listener(this.#current);
      } catch (error) {
        this.deps.logger.warn({ err: { message: (error as Error).message } }, "settings: a change listener failed");
      }
    }
  }

  #follow(): void {
    const failed = (error: unknown) => this.deps.logger.warn({ err: { message: (error as Error).message } }, "settings: reload failed");
    if (this.deps.bus) {
      this.#unsubscribe = this.deps.bus.subscribe((event) => {
        if (event.type === "settings.changed") this.reload().catch(failed);
      });
    }
    if (!this.deps.source) return;
    this.#recheckTimer = setInterval(() => {
      // A slow database must not pile up checks.
      if (this.#rechecking) return;
      this.#rechecking = true;
      this.recheck()
        .catch(failed)
        .finally(() => (this.#rechecking = false));
    }, this.deps.recheckMs ?? DEFAULT_RECHECK_MS);
    // The check never keeps a process alive on its own.
    this.#recheckTimer.unref();
  }
}
