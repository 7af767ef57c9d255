"use client";
// "Rotate": a new key with the same name, scopes and lifetime; the old one keeps working for a grace
// period so deployments can switch over — or, for a leaked key, is revoked at once (with any key it
// replaced that is still in its own grace period). The new secret is shown once. One dialog for the whole list,
// controlled by the page: the rotated key's row loses its Rotate button, and the dialog (with the
// secret on screen) must not unmount with it.
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
import { SecretReveal } from "./secret-reveal";

type Rotated = RouterOutputs["apiKeys"]["rotate"];

/** 0 means "revoke the old key now" (`revokePrevious`), not merely a zero grace period. */
const GRACE_OPTIONS = [
  { minutes: 0, label: "Revoke the old key now (leaked key)" },
  { minutes: 60, label: "1 hour" },
  { minutes: 1440, label: "1 day" },
  { minutes: 10_080, label: "7 days" },
] as const;

export interface RotateTarget {
  id: string;
  name: string;
}

export function RotateKeyDialog({
  target,
  onClose,
}: {
  target: RotateTarget | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { timeZone } = useConsole();
  const [grace, setGrace] = useState(60);
  const [rotated, setRotated] = useState<Rotated | null>(null);

  const rotate = useMutation(
    trpc.apiKeys.rotate.mutationOptions({
      onSuccess: (key) => {
        setRotated(key);
        toast.success(`API key "${key.name}" rotated`);
        void queryClient.invalidateQueries({ queryKey: trpc.apiKeys.pathKey() });
      },
      onError: (error) => toast.error(apiErrorMessage(error)),
    }),
  );

  function onOpenChange(next: boolean): void {
    if (next) return;
    setRotated(null);
    setGrace(60);
    rotate.reset();
    onClose();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (target)
      rotate.mutate(
        grace === 0
          ? { id: target.id, revokePrevious: true }
          : { id: target.id, graceMinutes: grace },
      );
  }

  const graceUntil = rotated?.previous.graceExpiresAt;
  return (
    <Dialog open={target !== null} onOpenChange={onOpenChange}>
      <DialogContent>
        {rotated ? (
          <SecretReveal
            name={rotated.name}
            secret={rotated.secret}
            note={
              graceUntil && graceUntil > rotated.createdAt
                ? `The old key keeps working until ${formatDateTime(graceUntil, timeZone)}.`
                : rotated.previous.revokedAt
                  ? "The old key is revoked and has stopped working."
                  : "The old key has stopped working."
            }
            onDone={() => onOpenChange(false)}
          />
        ) : (
          <form onSubmit={onSubmit} className="grid gap-4">
            <DialogHeader>
              <DialogTitle>Rotate &ldquo;{target?.name}&rdquo;?</DialogTitle>
              <DialogDescription>
                A new key with the same name, scopes and lifetime replaces this one. Update your
                deployments with the new secret before the old key stops working.
              </DialogDescription>
            </DialogHeader>
            <div className="grid gap-1.5">
              <Label htmlFor="rotate-grace">Old key keeps working for</Label>
              <NativeSelect
                id="rotate-grace"
                value={String(grace)}
                onChange={(e) => setGrace(Number(e.target.value))}
                className="max-w-64"
              >
                {GRACE_OPTIONS.map((o) => (
                  <option key={o.minutes} value={o.minutes}>
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
                {rotate.isPending ? "Rotating…" : "Rotate key"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
