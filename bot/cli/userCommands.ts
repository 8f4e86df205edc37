import type { Command } from "commander";
import { ConsoleAuth } from "../auth/consoleAuth.js";
import { isRole, ROLES } from "../auth/roles.js";
import { SignInLimiter } from "../auth/signInLimiter.js";
import { ConsoleError } from "../cases/consoleError.js";
import { systemClock } from "../engine/systemClock.js";
import { systemIds } from "../engine/systemIds.js";
import { logger } from "../logger.js";
import { consoleRepositories } from "../store/consoleRepositories.js";
import { migrate } from "../store/migrate.js";
import { openStore } from "../store/openStore.js";
import type { PrismaStore } from "../store/prismaStore.js";
import { EXIT_OK, EXIT_PROBLEMS, UsageError, type CliIo } from "./cliIo.js";

/** Opens (and migrates) the database the user commands work on; injected by tests. */
export type OpenUserStore = (databaseUrl?: string) => Promise<PrismaStore>;

const openDefault: OpenUserStore = async (databaseUrl) => {
  const url = databaseUrl ?? process.env.DATABASE_URL;
  const quiet = logger.child({}, { level: "warn" });
  await migrate(url, { logger: quiet });
  return openStore({ ...(url ? { databaseUrl: url } : {}), logger: quiet });
};

/**
 * Registers `triage user add --email <e> --role clinician|admin [--password <p>] [--name <n>]`
 * (prints a generated password once when none is given; audited as `user.created` by "cli")
 * and `triage user list`.
 */
export function registerUserCommands(program: Command, io: CliIo, setExitCode: (code: number) => void, open: OpenUserStore = openDefault): Command {
  const user = program.command("user").description("console accounts (clinicians and administrators)");
  user
    .command("add")
    .description("add a console account; without --password a random one is generated and printed once")
    .requiredOption("--email <email>", "the account's email (its sign-in name)")
    .requiredOption("--role <role>", `one of ${ROLES.join(", ")}`)
    .option("--password <password>", "at least 12 characters (default: generated)")
    .option("--name <name>", "display name shown to colleagues and patients")
    .option("--database-url <url>", "database (default: DATABASE_URL or file:./data/triage.db)")
    .action(async (options: { email: string; role: string; password?: string; name?: string; databaseUrl?: string }) => {
      if (!isRole(options.role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
      const store = await open(options.databaseUrl);
      try {
        const repositories = consoleRepositories(store);
        const auth = new ConsoleAuth({ ...repositories, limiter: new SignInLimiter(), clock: systemClock, ids: systemIds });
        const created = await auth.addUser(
          { email: options.email, role: options.role, ...(options.password !== undefined ? { password: options.password } : {}), ...(options.name ? { displayName: options.name } : {}) },
          "cli",
        );
        io.out(`added ${created.user.role} ${created.user.email} (${created.user.id})\n`);
        if (created.generated) io.out(`password: ${created.password}\n(shown once: only its hash is stored)\n`);
        setExitCode(EXIT_OK);
      } catch (error) {
        if (!(error instanceof ConsoleError)) throw error;
        io.err(`error: ${error.message}\n`);
        setExitCode(EXIT_PROBLEMS);
      } finally {
        await store.close();
      }
    });
  user
    .command("list")
    .description("list console accounts")
    .option("--database-url <url>", "database (default: DATABASE_URL or file:./data/triage.db)")
    .action(async (options: { databaseUrl?: string }) => {
      const store = await open(options.databaseUrl);
      try {
        for (const u of await consoleRepositories(store).users.list()) io.out(`${u.role.padEnd(9)} ${u.email}${u.active ? "" : " (disabled)"}\n`);
        setExitCode(EXIT_OK);
      } finally {
        await store.close();
      }
    });
  return user;
}
