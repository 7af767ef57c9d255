"use client";
// "Remove member": removing someone also revokes the API keys they created (or rotated) and their
// pending invitations, so nothing they set up keeps acting for them. The remover may keep named
// keys that production depends on; the API audits both the revocations and what was kept.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import type { RouterOutputs } from "@frontdesk/api";
import { apiErrorMessage } from "@/components/api-error";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { useTRPC } from "@/trpc/react";
import { canRevoke, keyStatus } from "../api-keys/key-status";

type Member = RouterOutputs["members"]["list"]["items"][number];

/** What the removal took with it, in one sentence for the toast. */
export function cleanupSummary(result: {
  revokedApiKeyIds: string[];
  keptApiKeyIds: string[];
  revokedInvitationIds: string[];
}): string {
  const parts: string[] = [];
  const keys = result.revokedApiKeyIds.length;
  const invitations = result.revokedInvitationIds.length;
  if (keys > 0) parts.push(`${keys} API key${keys === 1 ? "" : "s"} revoked`);
  if (invitations > 0)
    parts.push(`${invitations} invitation${invitations === 1 ? "" : "s"} revoked`);
  if (result.keptApiKeyIds.length > 0) parts.push(`${result.keptApiKeyIds.length} kept`);
  return parts.join(", ");
}

export function RemoveMemberDialog({
  member,
  label,
  isSelf,
}: {
  member: Member;
  label: string;
  isSelf: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [keep, setKeep] = useState<string[]>([]);
  // Only while the dialog is open: the keys this person is accountable for and that still work.
  const keys = useQuery({ ...trpc.apiKeys.list.queryOptions({ limit: 200 }), enabled: open });
  const now = new Date();
  const theirs = (keys.data?.items ?? []).filter(
    (k) => k.createdBy === member.userId && canRevoke(keyStatus(k, now)),
  );

  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: (result) => {
        const summary = cleanupSummary(result);
        toast.success(summary ? `Member removed (${summary})` : "Member removed");
        setOpen(false);
        void queryClient.invalidateQueries({ queryKey: trpc.members.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.apiKeys.pathKey() });
      },
      onError: (error) => toast.error(apiErrorMessage(error)),
    }),
  );

  function onOpenChange(next: boolean): void {
    setOpen(next);
    if (!next) {
      setKeep([]);
      remove.reset();
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" aria-label={`Remove ${member.email}`}>
          Remove
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Remove {label}?</DialogTitle>
          <DialogDescription>
            {isSelf
              ? "You will lose access to this tenant immediately."
              : "They lose access to this tenant immediately. You can invite them again later."}{" "}
            Their pending invitations and the API keys they created are revoked too.
          </DialogDescription>
        </DialogHeader>
        {keys.isPending ? (
          <p className="text-sm text-muted-foreground">Looking up their API keys…</p>
        ) : theirs.length > 0 ? (
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">
              Keep any of their API keys working?
            </legend>
            {theirs.map((k) => (
              <div key={k.id} className="flex items-center gap-2">
                <Checkbox
                  id={`keep-${k.id}`}
                  checked={keep.includes(k.id)}
                  onCheckedChange={(checked) =>
                    setKeep((current) =>
                      checked === true ? [...current, k.id] : current.filter((id) => id !== k.id),
                    )
                  }
                />
                <Label htmlFor={`keep-${k.id}`} className="font-normal break-all">
                  Keep &ldquo;{k.name}&rdquo; ({k.prefix}, {k.scopes.join(", ")})
                </Label>
              </div>
            ))}
          </fieldset>
        ) : null}
        <DialogFooter>
          <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button
            type="button"
            variant="destructive"
            disabled={remove.isPending}
            onClick={() => remove.mutate({ userId: member.userId, keepApiKeyIds: keep })}
          >
            {remove.isPending ? "Removing…" : "Remove member"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
