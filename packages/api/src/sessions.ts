// Ending console sessions before their cookie expires. Sessions are Auth.js JWTs (8 h), which by
// themselves stay valid until then whatever happens on the server; so each one carries its own id
// (`sid`) and the user's session version at sign-in (`sv`), and the session is honoured only while
//   - the user's session_version is still that version (bumped by "sign out everywhere", and by
//     anything else that must end every session of a user), and
//   - its id is not in session_revocations (written by a sign-out, for that one session).
// Both are checked by one primary-key query each time a session is resolved. A bump that must spare
// the session asking for it (a password or email change ends the user's OTHER sessions) names that
// session in users.kept_session_id, which is honoured whatever its version until the next bump.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@frontdesk/db";

export interface SessionClaims {
  userId: string;
  /** The session's own id, minted at sign-in. */
  sessionId: string;
  /** users.session_version when the session was issued. */
  sessionVersion: number;
}

/** The user's current session version, to put into a session being issued (null: no such user). */
export async function currentSessionVersion(db: Db, userId: string): Promise<number | null> {
  const [row] = await queryRows<{ version: number }>(
    db,
    sql`select session_version as version from users where id = ${userId}::uuid`,
  );
  return row ? row.version : null;
}

/** True while the session has been neither signed out nor ended by a version bump. */
export async function sessionIsCurrent(db: Db, claims: SessionClaims): Promise<boolean> {
  const rows = await queryRows<{ ok: number }>(
    db,
    sql`select 1 as ok from users u
      where u.id = ${claims.userId}::uuid
        and (u.session_version = ${claims.sessionVersion} or u.kept_session_id = ${claims.sessionId}::uuid)
        and not exists (select 1 from session_revocations r where r.session_id = ${claims.sessionId}::uuid)`,
  );
  return rows.length > 0;
}

/**
 * Sign-out of one session: its id is refused from now until the cookie would have expired anyway
 * (then the row is useless and swept by the next revocation).
 */
export async function revokeSession(
  db: Db,
  sessionId: string,
  expiresAt: Date,
  now = new Date(),
): Promise<void> {
  await db.execute(
    sql`delete from session_revocations where expires_at < ${now.toISOString()}::timestamptz`,
  );
  await db.execute(
    sql`insert into session_revocations (session_id, expires_at) values (${sessionId}::uuid, ${expiresAt.toISOString()}::timestamptz)
      on conflict (session_id) do nothing`,
  );
}

/** Ends every session of the user at once ("sign out everywhere", a password reset). */
export async function endAllSessions(db: Db, userId: string): Promise<void> {
  await db.execute(
    sql`update users set session_version = session_version + 1, kept_session_id = null, updated_at = now()
        where id = ${userId}::uuid`,
  );
}

/**
 * Ends every session of `keep.userId` except `keep` itself (a password or email change made in it).
 * `keep` is spared only if it is current at this instant, decided in the same statement, so a
 * session that "sign out everywhere" ended a moment ago is not brought back.
 */
export async function endOtherSessions(db: Db, keep: SessionClaims): Promise<void> {
  await db.execute(
    sql`update users set
          kept_session_id = case
            when (session_version = ${keep.sessionVersion} or kept_session_id = ${keep.sessionId}::uuid)
              and not exists (select 1 from session_revocations r where r.session_id = ${keep.sessionId}::uuid)
            then ${keep.sessionId}::uuid end,
          session_version = session_version + 1,
          updated_at = now()
        where id = ${keep.userId}::uuid`,
  );
}
