"use client";
// "Rotate secret": a new signing secret, shown once. For the overlap chosen here the old secret keeps
// signing beside it — each delivery carries both signatures — so a receiver can switch secrets
// without rejecting a single delivery; "end it now" is for a leaked secret.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import type { RouterOutputs } from "@frontdesk/api";
import { apiErrorMessage } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { formatDateTime } from "@/components/format";
import { useTRPC } from "@/trpc/react";
import { OverlapField, SecretRevealDialog } from "../_components/secret-reveal-dialog";
import { signingSecretRevealed } from "./signing-secret-reveal";

type Rotated = RouterOutputs["webhooks"]["endpoints"]["rotateSecret"];

/** Hours the old secret keeps signing (the API allows 0..168). */
const OVERLAP_OPTIONS = [
  { value: 0, label: "End the old secret now (leaked secret)" },
  { value: 1, label: "1 hour" },
  { value: 24, label: "24 hours" },
  { value: 72, label: "3 days" },
  { value: 168, label: "7 days" },
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

  const until = rotated?.previousSecretExpiresAt;
  return (
    <SecretRevealDialog
      open={target !== null}
      onOpenChange={onOpenChange}
      revealed={
        rotated
          ? signingSecretRevealed(
              "Copy the new signing secret",
              rotated,
              until
                ? `Until ${formatDateTime(until, timeZone)} every delivery is signed with both secrets, so your receiver accepts it with either.`
                : "The old secret no longer signs deliveries.",
            )
          : null
      }
      title="Rotate the signing secret?"
      description={`A new secret signs the deliveries to ${target?.url ?? ""}. During the overlap each delivery carries two signatures (the webhook-signature header lists both), one from each secret, so your receiver can switch to the new secret without rejecting anything. After the overlap only the new secret signs.`}
      descriptionClassName="break-all"
      onSubmit={() => {
        if (target) rotate.mutate({ id: target.id, overlapHours: overlap });
      }}
      pending={rotate.isPending}
      submitLabel="Rotate secret"
      pendingLabel="Rotating…"
    >
      <OverlapField
        id="rotate-overlap"
        label="Old secret keeps signing for"
        value={overlap}
        onChange={setOverlap}
        options={OVERLAP_OPTIONS}
        className="max-w-72"
      />
    </SecretRevealDialog>
  );
}
