import { signOut } from "@/server/auth";

/** A plain form: works without JavaScript and is a real button for keyboards and screen readers. */
export function SignOutButton({ className = "button button-secondary" }: { className?: string }) {
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
