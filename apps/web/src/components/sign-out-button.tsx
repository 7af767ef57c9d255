import { signOut } from "@/server/auth";

/** A plain form: works without JavaScript and is a real button for keyboards and screen readers. */
export function SignOutButton({
  className = "w-full rounded-md border border-input bg-card px-3 py-1.5 text-sm font-medium hover:bg-accent cursor-pointer",
}: {
  className?: string;
}) {
  return (
    <form
      action={async () => {
        "use server";
        await signOut({ redirectTo: "/sign-in" });
      }}
    >
      <button type="submit" className={className}>
        Sign out
      </button>
    </form>
  );
}
