// Shown instead of an admin-only settings page to members and viewers (and when the API answers
// FORBIDDEN, e.g. after a role change in another tab).
import { ShieldAlert } from "lucide-react";

export function AdminOnly({ what, role }: { what: string; role: string }) {
  return (
    <div role="status" className="flex items-start gap-3 rounded-md border bg-card p-4 text-sm">
      <ShieldAlert className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden />
      <div>
        <p className="font-medium">Only admins and owners can {what}.</p>
        <p className="mt-1 text-muted-foreground">
          You are signed in as a {role} of this tenant. Ask an admin or owner if you need access.
        </p>
      </div>
    </div>
  );
}
