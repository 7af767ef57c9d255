// Small helpers shared by the platform tests.
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { apiKeys, hashApiKey, type Database } from "@frontdesk/db";

/** The tRPC error code a call fails with, or undefined when it succeeds. */
export async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (e: unknown) => (e instanceof TRPCError ? e.code : `NOT_A_TRPC_ERROR: ${String(e)}`),
  );
}

/** The id of the API key with this secret (read as the owner). */
export async function keyIdOf(database: Database, secret: string): Promise<string> {
  const [row] = await database.db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(eq(apiKeys.secretHash, hashApiKey(secret)));
  if (!row) throw new Error("no such key");
  return row.id;
}
