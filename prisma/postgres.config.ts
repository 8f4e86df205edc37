import { PrismaPg } from "@prisma/adapter-pg";
import { jsEngineConfig } from "./jsEngineConfig";

/*
 * Prisma CLI configuration for the derived PostgreSQL schema (generate and migrate diff only:
 * `migrate deploy` fails on PostgreSQL with the JS engine, prisma/orm#27403, so bot/store/migrate.ts
 * applies prisma/migrations-postgres itself).
 */
const url = process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : "postgresql://postgres@127.0.0.1:5432/triage";

export default jsEngineConfig("postgres/schema.prisma", "../migrations-postgres", async () => new PrismaPg({ connectionString: url }));
