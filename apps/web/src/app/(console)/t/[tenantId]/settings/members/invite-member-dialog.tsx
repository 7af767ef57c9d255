"use client";
// "Invite member": email + role → an invitation emailed to the address, whose accept link is also
// shown once here (only its hash is stored) for the admin to copy and send some other way.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import type { RouterOutputs } from "@frontdesk/api";
import { DialogFormFooter } from "@/components/dialog-form-footer";
import { apiErrorMessage } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { formatDateTime } from "@/components/format";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { useTRPC } from "@/trpc/react";
import { CopyField } from "../_components/copy-field";
import { ROLE_LABELS } from "./constants";

type Invitation = RouterOutputs["members"]["invite"];
const INVITABLE = ["admin", "member", "viewer"] as const;

export function InviteMemberDialog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { timeZone } = useConsole();
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<(typeof INVITABLE)[number]>("member");
  const [invitation, setInvitation] = useState<Invitation | null>(null);

  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: (created) => {
        setInvitation(created);
        void queryClient.invalidateQueries({ queryKey: trpc.members.listInvitations.pathKey() });
        toast.success(`Invitation for ${created.email} created`);
      },
      onError: (error) => toast.error(apiErrorMessage(error)),
    }),
  );

  function onOpenChange(next: boolean): void {
    setOpen(next);
    if (!next) {
      // The link is gone for good once the dialog closes: it is not stored anywhere.
      setInvitation(null);
      setEmail("");
      setRole("member");
      invite.reset();
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    invite.mutate({ email: email.trim(), role });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <UserPlus aria-hidden /> Invite member
        </Button>
      </DialogTrigger>
      <DialogContent>
        {invitation ? (
          <>
            <DialogHeader>
              <DialogTitle>Invitation sent</DialogTitle>
              <DialogDescription>
                We emailed this link to {invitation.email}; you can also copy it and send it
                yourself. They join as {ROLE_LABELS[invitation.role].toLowerCase()} after signing in
                with that address, verified. The link expires{" "}
                {formatDateTime(invitation.expiresAt, timeZone)}.
              </DialogDescription>
            </DialogHeader>
            <CopyField
              id="invitation-link"
              label="Invitation link"
              value={`${window.location.origin}/invite/${invitation.acceptUrlToken}`}
            />
            <p
              role="note"
              className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
            >
              This link is shown only once. Copy it now; inviting the same address again replaces
              it.
            </p>
            <DialogFooter>
              <Button onClick={() => onOpenChange(false)}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={onSubmit} className="grid gap-4">
            <DialogHeader>
              <DialogTitle>Invite a member</DialogTitle>
              <DialogDescription>
                We email them a link (and show it to you); it works once and expires in 7 days.
              </DialogDescription>
            </DialogHeader>
            <div className="grid gap-1.5">
              <Label htmlFor="invite-email">Email</Label>
              <Input
                id="invite-email"
                type="email"
                required
                maxLength={320}
                autoComplete="off"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="invite-role">Role</Label>
              <NativeSelect
                id="invite-role"
                value={role}
                onChange={(e) => setRole(INVITABLE.find((r) => r === e.target.value) ?? "member")}
              >
                {INVITABLE.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </NativeSelect>
              <p className="text-xs text-muted-foreground">
                Owners are made by changing a member&apos;s role later.
              </p>
            </div>
            <DialogFormFooter
              onCancel={() => onOpenChange(false)}
              pending={invite.isPending}
              submitLabel="Create invitation"
              pendingLabel="Creating…"
            />
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
