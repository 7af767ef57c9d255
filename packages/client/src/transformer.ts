// The SDK's transformer: superjson's wire format, with the server's fast writer (for inputs) and
// reader (for responses) from @frontdesk/wire, which imports nothing but superjson.
// Inputs go out with their annotations as a tree (serializeInput), which the server reads without
// a path per Date: a 10,000-point metrics batch carries 10,000 of them.
import { deserialize, serializeInput as serialize } from "@frontdesk/wire";

export { deserialize, serialize };

/** tRPC's transformer for the SDK: superjson on the wire both ways. */
export const transformer = { serialize, deserialize };
