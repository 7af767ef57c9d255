"use client";
// "Rotate": a new key with the same name, scopes and lifetime; the old one keeps working for a grace
// period so deployments can switch over — or, for a leaked key, is revoked at once (with any key it
// replaced that is still in its own grace period). The new secret is shown once. One dialog for the whole list,
// controlled by the page: the rotated key's row loses its Rotate button, and the dialog (with the
// secret on screen) must not unmount with it.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import type { RouterOutputs } from "@frontdesk/api";
import { apiErrorMessage } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { formatDateTime } from "@/components/format";
import { useTRPC } from "@/trpc/react";
import { OverlapField, SecretRevealDialog } from "../_components/secret-reveal-dialog";
import { apiKeyRevealed } from "./secret-reveal";

type Rotated = RouterOutputs["apiKeys"]["rotate"];

/** Minutes; 0 means "revoke the old key now" (`revokePrevious`), not merely a zero grace period. */
const GRACE_OPTIONS = [
  { value: 0, label: "Revoke the old key now (leaked key)" },
  { value: 60, label: "1 hour" },
  { value: 1440, label: "1 day" },
  { value: 10_080, label: "7 days" },
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

  const graceUntil = rotated?.previous.graceExpiresAt;
  return (
    <SecretRevealDialog
      open={target !== null}
      onOpenChange={onOpenChange}
      revealed={
        rotated
          ? apiKeyRevealed(
              rotated,
              graceUntil && graceUntil > rotated.createdAt
                ? `The old key keeps working until ${formatDateTime(graceUntil, timeZone)}.`
                : rotated.previous.revokedAt
                  ? "The old key is revoked and has stopped working."
                  : "The old key has stopped working.",
            )
          : null
      }
      title={<>Rotate &ldquo;{target?.name}&rdquo;?</>}
      description="A new key with the same name, scopes and lifetime replaces this one. Update your deployments with the new secret before the old key stops working."
      onSubmit={() => {
        if (target)
          rotate.mutate(
            grace === 0
              ? { id: target.id, revokePrevious: true }
              : { id: target.id, graceMinutes: grace },
          );
      }}
      pending={rotate.isPending}
      submitLabel="Rotate key"
      pendingLabel="Rotating…"
    >
      <OverlapField
        id="rotate-grace"
        label="Old key keeps working for"
        value={grace}
        onChange={setGrace}
        options={GRACE_OPTIONS}
        className="max-w-64"
      />
    </SecretRevealDialog>
  );
}
