import { defineConfig } from "drizzle-kit";

// Migrations live in the top-level drizzle/ folder. Hand-written SQL (roles, RLS FORCE and grants,
// partitions, exclusion constraint, functions, triggers) sits beside them as custom migrations.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/index.ts",
  out: "../../drizzle",
  casing: "snake_case",
  strict: true,
  verbose: false,
});
