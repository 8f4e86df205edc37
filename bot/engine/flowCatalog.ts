import { compileFlow, flowSchema, type CompiledFlow, type FlowResolver, type SessionState } from "../../flows/index.js";
import type { Clock, Store } from "./ports.js";

/** Where published flow versions come from (the Store port's flow half). */
export type FlowSource = Pick<Store, "latestFlowVersion" | "flowVersion"> & {
  /**
   * The latest published version's number only. Optional: without it the catalog reads the whole
   * latest record. With it, the pointer's refresh (every slug a session can reach, each TTL) reads
   * no definitions: on the shipped library that was about 1 MB of JSON read and parsed every 5 s
   * for numbers the catalog already had compiled.
   */
  latestPublishedVersion?(slug: string): Promise<number | undefined>;
};

/** A flow a turn may need: an exact pinned version, or the latest published one when `version` is absent. */
export interface FlowPin {
  slug: string;
  version?: number;
}

export interface FlowCatalogOptions {
  clock?: Clock;
  /** How long "the latest version of a slug" is trusted before asking the store again (default 5 s). */
  latestTtlMs?: number;
}

const keyOf = (slug: string, version: number) => `${slug}@${version}`;

/**
 * Loads flow versions from the store, compiles each once (published versions are immutable, so the
 * cache never goes stale) and hands turns a synchronous FlowResolver over what it preloaded: the
 * versions a session's frames pin, plus the latest version of every flow they can hand over to.
 */
export class FlowCatalog {
  readonly #compiled = new Map<string, Promise<CompiledFlow | undefined>>();
  readonly #latest = new Map<string, { at: number; version: number }>();
  readonly #latestLookups = new Map<string, Promise<number | undefined>>();
  /** Resolvers by the pins they were built for, each until the oldest "latest" pointer it used expires. */
  readonly #resolvers = new Map<string, { until: number; resolver: FlowResolver }>();
  readonly #clock: Clock;
  readonly #ttl: number;

  constructor(
    private readonly source: FlowSource,
    options: FlowCatalogOptions = {},
  ) {
    this.#clock = options.clock ?? { now: () => new Date() };
    this.#ttl = options.latestTtlMs ?? 5_000;
  }

  /** Given a slug and version, returns the compiled flow, or undefined when the store has no such version. */
  exact(slug: string, version: number): Promise<CompiledFlow | undefined> {
    const key = keyOf(slug, version);
    let compiled = this.#compiled.get(key);
    if (!compiled) {
      compiled = this.source
        .flowVersion(slug, version)
        .then((record) => (record ? compileFlow(flowSchema.parse(record.definition), { economy: true }) : undefined));
      this.#compiled.set(key, compiled);
      // A miss or a failure is not cached: the version may be published or the store back later.
      compiled.then(
        (found) => found ?? this.#compiled.delete(key),
        () => this.#compiled.delete(key),
      );
    }
    return compiled;
  }

  /** Given a slug, returns its latest published version, compiled (the pointer is cached for the TTL). */
  async latest(slug: string): Promise<CompiledFlow | undefined> {
    const now = this.#clock.now().getTime();
    const known = this.#latest.get(slug);
    if (known && now - known.at < this.#ttl) return this.exact(slug, known.version);
    // Concurrent turns share one lookup: at TTL expiry hundreds of sessions would otherwise each
    // fetch (and parse) every handover target's definition at once.
    let lookup = this.#latestLookups.get(slug);
    if (!lookup) {
      lookup = this.source.latestPublishedVersion
        ? this.source.latestPublishedVersion(slug)
        : this.source.latestFlowVersion(slug).then((record) => record?.version);
      this.#latestLookups.set(slug, lookup);
      const forget = () => this.#latestLookups.delete(slug);
      lookup.then(forget, forget);
    }
    const version = await lookup;
    if (version === undefined) return undefined;
    this.#latest.set(slug, { at: now, version });
    return this.exact(slug, version);
  }

  /** Forgets which version is the latest (call it when a version is published). */
  invalidate(slug?: string): void {
    if (slug === undefined) this.#latest.clear();
    else this.#latest.delete(slug);
    // Any resolver may have followed a handover to this slug: rebuild them all (they are cheap).
    this.#resolvers.clear();
  }

  /**
   * Given the flows a turn starts from, preloads them and, transitively, the latest version of
   * every handover target, and returns the synchronous resolver the pure runner needs.
   */
  async resolverFor(pins: readonly FlowPin[]): Promise<FlowResolver> {
    // Every turn of every session asks: reuse the resolver of the same pins while all the
    // "latest" pointers it followed are still within their TTL (pinned versions never change).
    const key = pins.map((pin) => (pin.version === undefined ? pin.slug : keyOf(pin.slug, pin.version))).join("\u0000");
    const now = this.#clock.now().getTime();
    const cached = this.#resolvers.get(key);
    if (cached && now < cached.until) return cached.resolver;
    const { resolver, latestSlugs, complete } = await this.#buildResolver(pins);
    // A flow the store did not have is asked for again next time, as exact() and latest() do.
    if (!complete) return resolver;
    const until = Math.min(...latestSlugs.map((slug) => this.#latest.get(slug)?.at ?? now)) + this.#ttl;
    if (this.#resolvers.size >= 1_000) this.#resolvers.clear(); // bounded: one entry per distinct chain of flows
    this.#resolvers.set(key, { until, resolver });
    return resolver;
  }

  async #buildResolver(pins: readonly FlowPin[]): Promise<{ resolver: FlowResolver; latestSlugs: string[]; complete: boolean }> {
    const exact = new Map<string, CompiledFlow>();
    const latest = new Map<string, CompiledFlow>();
    const pending: CompiledFlow[] = [];
    const keep = (compiled: CompiledFlow | undefined) => {
      if (!compiled) return;
      const key = keyOf(compiled.flow.slug, compiled.flow.version);
      if (exact.has(key)) return;
      exact.set(key, compiled);
      pending.push(compiled);
    };
    const loaded = await Promise.all(
      pins.map(async (pin) => {
        const compiled = pin.version === undefined ? await this.latest(pin.slug) : await this.exact(pin.slug, pin.version);
        if (compiled && pin.version === undefined) latest.set(pin.slug, compiled);
        return compiled;
      }),
    );
    loaded.forEach(keep);
    let complete = loaded.every((compiled) => compiled !== undefined);
    const visited = new Set<string>(latest.keys());
    while (pending.length > 0) {
      const targets = handoverTargets(pending.splice(0)).filter((slug) => !visited.has(slug));
      targets.forEach((slug) => visited.add(slug));
      const found = await Promise.all(targets.map((slug) => this.latest(slug)));
      found.forEach((compiled, i) => {
        if (compiled) latest.set(targets[i]!, compiled);
        else complete = false;
        keep(compiled);
      });
    }
    return {
      resolver: {
        latest: (slug) => latest.get(slug),
        exact: (slug, version) => exact.get(keyOf(slug, version)),
      },
      latestSlugs: [...visited],
      complete,
    };
  }

  /** The resolver for a turn of a session: its frames' pinned versions and their handover targets. */
  resolverForState(state: SessionState): Promise<FlowResolver> {
    return this.resolverFor(state.frames.map((f) => ({ slug: f.slug, version: f.version })));
  }
}

/** Each compiled flow's handover targets, found once: every turn asks, and a flow never changes. */
const targetsByFlow = new WeakMap<CompiledFlow, readonly string[]>();

function targetsOf(compiled: CompiledFlow): readonly string[] {
  let targets = targetsByFlow.get(compiled);
  if (!targets) {
    targets = [...new Set(compiled.flow.nodes.flatMap((node) => (node.kind === "handover" ? [node.flow] : [])))];
    targetsByFlow.set(compiled, targets);
  }
  return targets;
}

function handoverTargets(flows: readonly CompiledFlow[]): string[] {
  return [...new Set(flows.flatMap(targetsOf))];
}
