// The OpenAPI 3.1 document of the REST routes, public: integrators generate clients from it and the
// console's API reference renders it. Built from the same zod schemas the procedures validate with.
import { openApiDocumentJson } from "@frontdesk/api";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return new Response(openApiDocumentJson(), {
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}
