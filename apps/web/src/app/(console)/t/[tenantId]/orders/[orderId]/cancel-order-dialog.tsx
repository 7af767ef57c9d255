"use client";
// "Cancel order" with a confirmation: a pending order is cancelled (its payment, if any, is cancelled
// at the provider first). Focus starts on "Keep order"; the dialog stays open until the API answers.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { XCircle } from "lucide-react";
import { useId, useState } from "react";
import { toast } from "sonner";
import { apiErrorMessage } from "@/components/api-error";
import { formatMoney } from "@/components/format";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/trpc/react";
import { MAX_REASON } from "../order-form";

export function CancelOrderDialog({
  order,
}: {
  order: { id: string; totalAmount: number; currency: string; paymentIntentId: string | null };
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const reasonId = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");

  const cancel = useMutation(
    trpc.orders.cancel.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.orders.pathKey() });
        setOpen(false);
        toast.success("Order cancelled");
      },
      onError: (e) =>
        toast.error("The order was not cancelled", { description: apiErrorMessage(e) }),
    }),
  );

  const onOpenChange = (next: boolean) => {
    if (next) {
      setReason("");
      cancel.reset();
    }
    setOpen(next);
  };

  const confirm = () => {
    if (cancel.isPending) return;
    const trimmed = reason.trim();
    cancel.mutate({ id: order.id, ...(trimmed ? { reason: trimmed } : {}) });
  };

  return (
    <AlertDialog open={open} onOpenChange={onOpenChange}>
      <AlertDialogTrigger asChild>
        <Button variant="outline" className="text-destructive">
          <XCircle aria-hidden /> Cancel order
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Cancel this order?</AlertDialogTitle>
          <AlertDialogDescription>
            The order of {formatMoney(order.totalAmount, order.currency)} will be cancelled
            {order.paymentIntentId
              ? " and its payment voided, so the customer can no longer pay it"
              : ""}
            . This cannot be undone.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <div className="grid gap-1">
          <Label htmlFor={reasonId}>Reason (optional)</Label>
          <Textarea
            id={reasonId}
            rows={2}
            maxLength={MAX_REASON}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        <AlertDialogFooter>
          <AlertDialogCancel>Keep order</AlertDialogCancel>
          <Button
            variant="destructive"
            onClick={confirm}
            disabled={cancel.isPending}
            aria-busy={cancel.isPending}
          >
            Confirm cancellation
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
