import { endAllSessions } from "@frontdesk/api";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { currentUserId, signOut } from "@/server/auth";
import { getDatabase } from "@/server/database";

/**
 * "Sign out everywhere": bumps the user's session version, which ends every console session of the
 * account at once (a lost laptop's included), then signs this browser out too. A plain form, like
 * the sign-out button: Next.js checks a server action's Origin, so another site cannot post it.
 */
export function SignOutEverywhere() {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Your sessions</CardTitle>
        <CardDescription>
          Signed in on a device you no longer have, or on a shared computer? End every session of
          your account at once, this one included.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form
          action={async () => {
            "use server";
            const userId = await currentUserId();
            if (userId) await endAllSessions((await getDatabase()).db, userId);
            await signOut({ redirectTo: "/sign-in" });
          }}
        >
          <Button type="submit" variant="outline">
            Sign out everywhere
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
