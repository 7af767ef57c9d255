// Auth.js endpoints: /api/auth/csrf, /signin, /callback/<provider>, /session, /signout.
import { handlers } from "@/server/auth";

export const dynamic = "force-dynamic";

export const { GET, POST } = handlers;
