"use client";
// "Refund": a partial (or full) refund of a paid order. The amount starts at what is left to refund
// and can never exceed it (the API re-checks under a row lock); each opening of the dialog gets its
// own idempotency key, so a double submit refunds once.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Undo2 } from "lucide-react";
import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import type { RouterOutputs } from "@frontdesk/api";
import { apiErrorMessage } from "@/components/api-error";
import { formatMoney } from "@/components/format";
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
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/trpc/react";
import { MAX_REASON, parseRefundAmount, refundableAmount, toAmountInput } from "../order-form";

type Order = RouterOutputs["orders"]["get"];

export function RefundDialog({ order }: { order: Order }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const base = useId();
  const refundable = refundableAmount(order);
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [idempotencyKey, setIdempotencyKey] = useState("");

  const refund = useMutation(
    trpc.orders.refund.mutationOptions({
      onSuccess: (updated, input) => {
        queryClient.setQueryData(trpc.orders.get.queryKey({ id: updated.id }), updated);
        void queryClient.invalidateQueries({ queryKey: trpc.orders.pathKey() });
        setOpen(false);
        const made = updated.refunds.at(-1);
        const money = formatMoney(input.amount ?? made?.amount ?? 0, updated.currency);
        if (made?.status === "pending")
          toast.success(`Refund of ${money} requested`, {
            description: "The payment provider is still processing it.",
          });
        else if (made?.status === "failed")
          toast.error(`The refund of ${money} failed at the payment provider`);
        else toast.success(`Refunded ${money}`);
      },
      onError: (e) => toast.error("The refund failed", { description: apiErrorMessage(e) }),
    }),
  );

  const onOpenChange = (next: boolean) => {
    if (next) {
      setAmount(toAmountInput(refundable, order.currency));
      setReason("");
      setError(null);
      setIdempotencyKey(crypto.randomUUID());
      refund.reset();
    }
    setOpen(next);
  };

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (refund.isPending) return;
    const parsed = parseRefundAmount(amount, order.currency, refundable);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setError(null);
    const trimmed = reason.trim();
    refund.mutate({
      id: order.id,
      amount: parsed.amount,
      idempotencyKey,
      ...(trimmed ? { reason: trimmed } : {}),
    });
  };

  const id = (name: string) => `${base}-${name}`;
  const refundableText = `Refundable: ${formatMoney(refundable, order.currency)}`;

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <Undo2 aria-hidden /> Refund
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Refund order</DialogTitle>
          <DialogDescription>
            Money goes back to the customer&apos;s payment method.{" "}
            {formatMoney(order.totalAmount, order.currency)} was paid;{" "}
            {formatMoney(order.totalAmount - refundable, order.currency)} is already refunded or
            pending.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} noValidate className="grid gap-4">
          <div className="grid gap-1">
            <Label htmlFor={id("amount")}>Amount</Label>
            <div className="flex items-center gap-2">
              <Input
                id={id("amount")}
                inputMode="decimal"
                autoComplete="off"
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={
                  error ? `${id("refundable")} ${id("amount-error")}` : id("refundable")
                }
                className="max-w-48"
              />
              <span className="text-sm text-muted-foreground">{order.currency}</span>
            </div>
            <p id={id("refundable")} className="text-sm text-muted-foreground">
              {refundableText}
            </p>
            {error ? (
              <p id={id("amount-error")} role="alert" className="text-sm text-destructive">
                {error}
              </p>
            ) : null}
          </div>
          <div className="grid gap-1">
            <Label htmlFor={id("reason")}>Reason (optional)</Label>
            <Textarea
              id={id("reason")}
              rows={2}
              maxLength={MAX_REASON}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              type="submit"
              variant="destructive"
              disabled={refund.isPending}
              aria-busy={refund.isPending}
            >
              Confirm refund
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
