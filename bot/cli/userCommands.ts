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
 * Registers `triage user add --email <e> --role clinician|admin [--password-stdin] [--name <n>]`
 * (the password typed at a prompt or piped on stdin, checked by the password policy; without
 * --password-stdin one is generated and printed once; audited as `user.created` by "cli") and
 * `triage user list`. `--password <p>` is refused: argv lands in shell history and `ps`.
 */
export function registerUserCommands(program: Command, io: CliIo, setExitCode: (code: number) => void, open: OpenUserStore = openDefault): Command {
  const user = program.command("user").description("console accounts (clinicians and administrators)");
  user
    .command("add")
    .description("add a console account; without --password-stdin a random password is generated and printed once")
    .requiredOption("--email <email>", "the account's email (its sign-in name)")
    .requiredOption("--role <role>", `one of ${ROLES.join(", ")}`)
    .option("--password-stdin", "read the password from a prompt (a terminal) or the first line of stdin; at least 12 characters and hard to guess")
    .option("--password <password>", "refused: use --password-stdin (a password in argv lands in shell history and ps)")
    .option("--name <name>", "display name shown to colleagues and patients")
    .option("--database-url <url>", "database (default: DATABASE_URL or file:./data/triage.db)")
    .action(async (options: { email: string; role: string; password?: string; passwordStdin?: boolean; name?: string; databaseUrl?: string }) => {
      if (!isRole(options.role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
      if (options.password !== undefined)
        throw new UsageError("--password is refused (shell history, ps): use --password-stdin, or no option for a generated password");
      let password: string | undefined;
      if (options.passwordStdin) {
        if (!io.readSecret) throw new UsageError("this command cannot read a password here");
        password = await io.readSecret("Password: ").catch((error: unknown) => {
          throw new UsageError((error as Error).message);
        });
      }
      const store = await open(options.databaseUrl);
      try {
        const repositories = consoleRepositories(store);
        const auth = new ConsoleAuth({ ...repositories, limiter: new SignInLimiter(), clock: systemClock, ids: systemIds });
        const created = await auth.addUser(
          { email: options.email, role: options.role, ...(password !== undefined ? { password } : {}), ...(options.name ? { displayName: options.name } : {}) },
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
