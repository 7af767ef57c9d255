// Settings → Account: the signed-in user's own sign-in address and password (not the tenant's; the
// same in every tenant). Changes go through server actions calling the account services.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { accountSummary, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@frontdesk/api";
import { PageHeader } from "@/components/page-header";
import { currentUserId } from "@/server/auth";
import { getDatabase } from "@/server/database";
import { ChangeEmailForm, ChangePasswordForm } from "./account-forms";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const userId = await currentUserId();
  if (!userId) redirect("/sign-in");
  const account = await accountSummary((await getDatabase()).db, userId);
  if (!account) redirect("/sign-in");
  return (
    <div className="grid max-w-3xl gap-6">
      <PageHeader
        title="Account"
        description="Your own sign-in address and password, the same in every tenant you belong to."
      />
      <ChangeEmailForm
        email={account.email}
        pendingEmail={account.pendingEmail}
        canChange={account.hasPassword}
        maxLength={PASSWORD_MAX_LENGTH}
      />
      <ChangePasswordForm
        hasPassword={account.hasPassword}
        minLength={PASSWORD_MIN_LENGTH}
        maxLength={PASSWORD_MAX_LENGTH}
      />
    </div>
  );
}
