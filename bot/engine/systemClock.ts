import type { Clock } from "./ports.js";

/** The Clock port on the system time. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that says what it is told (tests, replays, benchmarks): `set` and `advance` move it. */
export class FixedClock implements Clock {
  #time: number;

  constructor(start: Date | string = "2026-01-01T00:00:00.000Z") {
    this.#time = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#time);
  }

  set(time: Date | string): void {
    this.#time = new Date(time).getTime();
  }

  advance(milliseconds: number): void {
    this.#time += milliseconds;
  }
}
