// One gate for every request body this process reads (tRPC and the Stripe webhook): the bodies
// read at once never reserve more than its byte budget, whatever their route, so stalled uploads
// cannot pin the process's memory; a read that does not fit waits briefly in line, then gets 503.
import { BodyReadGate, MAX_REQUEST_BODY_BYTES } from "@frontdesk/api";
import { bodyReadBudget } from "@/env";

function capacityBytes(): number | undefined {
  if (bodyReadBudget.mib !== undefined) return bodyReadBudget.mib * 1024 * 1024;
  if (bodyReadBudget.maximumSizeBodies !== undefined)
    return bodyReadBudget.maximumSizeBodies * MAX_REQUEST_BODY_BYTES;
  return undefined;
}

const globalGate = globalThis as unknown as { frontdeskBodyGate?: BodyReadGate };
/** Kept on globalThis so dev hot reloads do not start a second, empty gate. */
export const bodyGate: BodyReadGate = (globalGate.frontdeskBodyGate ??= new BodyReadGate({
  capacityBytes: capacityBytes(),
}));
