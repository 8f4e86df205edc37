import type { ConsoleAuth } from "./consoleAuth.js";
import type { UserStore } from "./authStore.js";
import type { Role } from "./roles.js";

export interface DemoAccount {
  email: string;
  role: Role;
  password: string;
}

const DEMO: { email: string; role: Role; displayName: string }[] = [
  { email: "admin@triage.local", role: "admin", displayName: "Demo administrator" },
  { email: "clinician@triage.local", role: "clinician", displayName: "Demo clinician" },
];

/**
 * On a database without any console account, creates a demo administrator and a demo clinician
 * with random passwords and returns them (to print once: only their hashes are stored). Returns
 * nothing when accounts exist, so a restart never prints or resets anything.
 */
export async function seedDemoAccounts(console: { auth: Pick<ConsoleAuth, "addUser">; users: Pick<UserStore, "count"> }): Promise<DemoAccount[]> {
  if ((await console.users.count()) > 0) return [];
  const created: DemoAccount[] = [];
  for (const demo of DEMO) {
    const { password } = await console.auth.addUser({ email: demo.email, role: demo.role, displayName: demo.displayName }, "system");
    created.push({ email: demo.email, role: demo.role, password });
  }
  return created;
}

/** The lines `npm start` prints once about the demo accounts. */
export function formatDemoAccounts(accounts: DemoAccount[]): string {
  const lines = accounts.map((a) => `  ${a.role.padEnd(9)} ${a.email}  password: ${a.password}`);
  return `\nDemo console accounts (shown once; add real ones with \`npm run triage -- user add\`):\n${lines.join("\n")}\n`;
}
