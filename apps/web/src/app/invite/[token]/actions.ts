"use server";
// Accepting an invitation: the signed-in user joins the invitation's tenant (acceptInvitation runs as
// the database owner — the invitee is not a member yet, so no tenant transaction could see it).
import { AppError, acceptInvitation, describeErrorForLog } from "@frontdesk/api";
import { redirect } from "next/navigation";
import { currentUserId, signOut } from "@/server/auth";
import { getDatabase } from "@/server/database";
import { logger } from "@/server/logger";

export interface AcceptState {
  error: string | null;
  attempt: number;
}

export async function acceptInvite(
  previous: AcceptState,
  formData: FormData,
): Promise<AcceptState> {
  const token = formData.get("token");
  if (typeof token !== "string")
    return { error: "This invitation link is incomplete.", attempt: previous.attempt + 1 };
  const userId = await currentUserId();
  if (!userId)
    redirect(`/sign-in?${new URLSearchParams({ callbackUrl: `/invite/${token}` }).toString()}`);

  let tenantId: string;
  try {
    const database = await getDatabase();
    tenantId = (await acceptInvitation(database.db, token, userId)).tenantId;
  } catch (error) {
    if (error instanceof AppError) return { error: error.message, attempt: previous.attempt + 1 };
    logger.error({ err: describeErrorForLog(error) }, "accepting an invitation failed");
    return {
      error: "The invitation could not be accepted. Try again in a moment.",
      attempt: previous.attempt + 1,
    };
  }
  redirect(`/t/${tenantId}`);
}

/** "Not you?": sign out and come back to this invitation through sign-in. */
export async function signOutForInvite(formData: FormData): Promise<void> {
  const token = formData.get("token");
  const callbackUrl =
    typeof token === "string" && /^[\w-]{1,64}$/.test(token) ? `/invite/${token}` : "/";
  await signOut({ redirectTo: `/sign-in?${new URLSearchParams({ callbackUrl }).toString()}` });
}
