// The SDK's transformer: superjson's wire format, with the server's fast writer (for inputs) and
// reader (for responses) from @frontdesk/wire, which imports nothing but superjson.
import { deserialize, serialize } from "@frontdesk/wire";

export { deserialize, serialize };

/** tRPC's transformer for the SDK: superjson on the wire both ways. */
export const transformer = { serialize, deserialize };
