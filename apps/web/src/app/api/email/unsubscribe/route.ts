// POST /api/email/unsubscribe?token=…: RFC 8058 one-click unsubscribe, which mail clients send from
// the List-Unsubscribe header of every booking notice. 200 when recorded, 400 for a bad token.
import { MAX_LINK_TOKEN_LENGTH, optOutWithToken } from "@frontdesk/api";
import { mailEnv } from "@/env";
import { getDatabase } from "@/server/database";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  if (token.length === 0 || token.length > MAX_LINK_TOKEN_LENGTH) {
    return Response.json({ error: "This unsubscribe link is not valid." }, { status: 400 });
  }
  const database = await getDatabase();
  const ok = await optOutWithToken(database.db, mailEnv.linkSecret, token);
  return ok
    ? Response.json({ unsubscribed: true })
    : Response.json({ error: "This unsubscribe link is not valid." }, { status: 400 });
}
