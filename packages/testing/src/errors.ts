// How a test reads the error a tRPC call failed with: one definition for every test file.
import { TRPCError } from "@trpc/server";

/** The tRPC error code a call fails with, or undefined when it succeeds. */
export async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (e: unknown) => (e instanceof TRPCError ? e.code : `NOT_A_TRPC_ERROR: ${String(e)}`),
  );
}

/** The TRPCError a call fails with; throws when it succeeds or fails with anything else. */
export async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}
