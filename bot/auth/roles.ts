/** Console roles. An administrator may do everything a clinician does (including taking cases). */
export const ROLES = ["clinician", "admin"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { clinician: 1, admin: 2 };

/** Given a user's role and the role a page or action needs, returns whether the user may go on. */
export function hasRole(userRole: Role, needed: Role): boolean {
  return RANK[userRole] >= RANK[needed];
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
