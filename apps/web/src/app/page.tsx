// `/`: signed-in users go to their first tenant's dashboard, everyone else to sign-in.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUserId } from "@/server/auth";
import { listUserTenants } from "@/server/tenants";
import { SignOutButton } from "@/components/sign-out-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "No workspace yet" };

export default async function HomePage() {
  const userId = await currentUserId();
  if (!userId) redirect("/sign-in");
  const [first] = await listUserTenants(userId);
  if (first) redirect(`/t/${first.tenantId}`);
  return (
    <main style={{ maxWidth: "36rem", margin: "4rem auto", padding: "0 1rem" }}>
      <h1>No workspace yet</h1>
      <p>
        Your account is not a member of any tenant. Ask an admin of your clinic or shop to invite
        you, then open the link in the invitation.
      </p>
      <SignOutButton />
    </main>
  );
}
