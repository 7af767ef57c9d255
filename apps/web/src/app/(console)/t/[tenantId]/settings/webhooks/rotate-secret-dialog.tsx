"use client";
// "Rotate secret": a new signing secret, shown once. For the overlap chosen here the old secret keeps
// signing beside it — each delivery carries both signatures — so a receiver can switch secrets
// without rejecting a single delivery; "end it now" is for a leaked secret.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import type { RouterOutputs } from "@frontdesk/api";
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
} from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { useTRPC } from "@/trpc/react";
import { SigningSecretReveal } from "./signing-secret-reveal";

type Rotated = RouterOutputs["webhooks"]["endpoints"]["rotateSecret"];

/** Hours the old secret keeps signing (the API allows 0..168). */
const OVERLAP_OPTIONS = [
  { hours: 0, label: "End the old secret now (leaked secret)" },
  { hours: 1, label: "1 hour" },
  { hours: 24, label: "24 hours" },
  { hours: 72, label: "3 days" },
  { hours: 168, label: "7 days" },
] as const;

export interface RotateTarget {
  id: string;
  url: string;
}

export function RotateSecretDialog({
  target,
  onClose,
}: {
  target: RotateTarget | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { timeZone } = useConsole();
  const [overlap, setOverlap] = useState(24);
  const [rotated, setRotated] = useState<Rotated | null>(null);

  const rotate = useMutation(
    trpc.webhooks.endpoints.rotateSecret.mutationOptions({
      onSuccess: (endpoint) => {
        setRotated(endpoint);
        toast.success("Signing secret rotated");
        void queryClient.invalidateQueries({ queryKey: trpc.webhooks.endpoints.pathKey() });
      },
      onError: (error) => toast.error(apiErrorMessage(error)),
    }),
  );

  function onOpenChange(next: boolean): void {
    if (next) return;
    setRotated(null);
    setOverlap(24);
    rotate.reset();
    onClose();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (target) rotate.mutate({ id: target.id, overlapHours: overlap });
  }

  const until = rotated?.previousSecretExpiresAt;
  return (
    <Dialog open={target !== null} onOpenChange={onOpenChange}>
      <DialogContent>
        {rotated ? (
          <SigningSecretReveal
            title="Copy the new signing secret"
            url={rotated.url}
            secret={rotated.secret}
            note={
              until
                ? `Until ${formatDateTime(until, timeZone)} every delivery is signed with both secrets, so your receiver accepts it with either.`
                : "The old secret no longer signs deliveries."
            }
            onDone={() => onOpenChange(false)}
          />
        ) : (
          <form onSubmit={onSubmit} className="grid gap-4">
            <DialogHeader>
              <DialogTitle>Rotate the signing secret?</DialogTitle>
              <DialogDescription className="break-all">
                A new secret signs the deliveries to {target?.url}. During the overlap each delivery
                carries two signatures (the webhook-signature header lists both), one from each
                secret, so your receiver can switch to the new secret without rejecting anything.
                After the overlap only the new secret signs.
              </DialogDescription>
            </DialogHeader>
            <div className="grid gap-1.5">
              <Label htmlFor="rotate-overlap">Old secret keeps signing for</Label>
              <NativeSelect
                id="rotate-overlap"
                value={String(overlap)}
                onChange={(e) => setOverlap(Number(e.target.value))}
                className="max-w-72"
              >
                {OVERLAP_OPTIONS.map((o) => (
                  <option key={o.hours} value={o.hours}>
                    {o.label}
                  </option>
                ))}
              </NativeSelect>
            </div>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={rotate.isPending}>
                {rotate.isPending ? "Rotating…" : "Rotate secret"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
