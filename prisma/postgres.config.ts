import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

/*
 * Prisma CLI configuration for the derived PostgreSQL schema (generate and migrate diff only:
 * `migrate deploy` fails on PostgreSQL with the JS engine, prisma/orm#27403, so bot/store/migrate.ts
 * applies prisma/migrations-postgres itself).
 */
const url = process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : "postgresql://postgres@127.0.0.1:5432/triage";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "postgres/schema.prisma",
  migrations: { path: "../migrations-postgres" },
  async adapter() {
    return new PrismaPg({ connectionString: url });
  },
});
