// The password check of a console sign-in (the console's Auth.js credentials provider calls it after
// its rate limits). "unverified" is only ever answered for the RIGHT password, so it tells nothing
// to someone guessing; an unknown address is checked against a real hash so its timing matches.
import { sql } from "drizzle-orm";
import { hashPassword, queryRows, verifyPassword, type Db } from "@frontdesk/db";

export interface SignInUser {
  id: string;
  email: string;
  name: string | null;
  image: string | null;
}

export type CredentialsCheck =
  | { status: "ok"; user: SignInUser }
  /** Right password, but the address was never verified: the account cannot sign in yet. */
  | { status: "unverified" }
  | { status: "invalid" };

let dummyHash: Promise<string> | undefined;
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword("frontdesk-no-such-user");
  return dummyHash;
}

/** `email` is the lower-cased, trimmed address. */
export async function checkCredentials(
  db: Db,
  email: string,
  password: string,
): Promise<CredentialsCheck> {
  const [user] = await queryRows<{
    id: string;
    email: string;
    name: string | null;
    image: string | null;
    password_hash: string | null;
    verified: boolean;
  }>(
    db,
    sql`select id, email, name, image, password_hash, email_verified_at is not null as verified
        from users where lower(email) = ${email} limit 1`,
  );
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
  if (!ok || !user?.password_hash) return { status: "invalid" };
  if (!user.verified) return { status: "unverified" };
  return {
    status: "ok",
    user: { id: user.id, email: user.email, name: user.name, image: user.image },
  };
}
