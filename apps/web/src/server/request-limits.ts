// One gate for every request body this process reads (tRPC and the Stripe webhook): at most this many
// bodies are read at once, whatever their route, so stalled uploads cannot pin the process's memory.
import { BodyReadGate } from "@frontdesk/api";
import { maxConcurrentBodyReads } from "@/env";

const globalGate = globalThis as unknown as { frontdeskBodyGate?: BodyReadGate };
/** Kept on globalThis so dev hot reloads do not start a second, empty gate. */
export const bodyGate: BodyReadGate = (globalGate.frontdeskBodyGate ??= new BodyReadGate(
  maxConcurrentBodyReads,
));
