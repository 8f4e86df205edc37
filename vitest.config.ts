import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "flows/**/*.test.ts", "bot/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for what a user would see; its default (1 s) failed browser tests whose
    // page hydrated later than that on a loaded machine (adminFlowForm's data-ready). A condition
    // that never comes still fails, after 10 s.
    expect: { poll: { timeout: 10_000 } },
    // Database and browser tests share real servers; files run in parallel, tests inside a file in order.
    pool: "forks",
    // The run's own PostgreSQL and Redis, and a check that nothing is left behind (test/services).
    globalSetup: ["test/services/globalSetup.ts"],
  },
});
