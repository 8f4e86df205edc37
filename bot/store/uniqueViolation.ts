/** True when Prisma refused a write for breaking a unique constraint (P2002), from either database's client. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
