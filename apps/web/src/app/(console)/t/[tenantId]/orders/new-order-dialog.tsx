"use client";
// "New order": an items editor (SKU, name, quantity, unit price in major units), currency, customer
// email and notes. Each opening of the dialog gets its own idempotency key, so a double submit or a
// retry after a lost response makes one order, and a new dialog makes a new one.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { apiErrorMessage } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
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
import { NativeSelect } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/trpc/react";
import {
  amountExample,
  buildCreateOrderInput,
  draftTotal,
  emptyItem,
  FORM_CURRENCIES,
  lineTotal,
  MAX_ITEMS,
  MAX_NOTES,
  type FieldErrors,
  type ItemDraft,
  type OrderDraft,
} from "./order-form";

function freshDraft(currency: string): OrderDraft {
  return { currency, customerEmail: "", notes: "", items: [emptyItem(crypto.randomUUID())] };
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="text-xs text-destructive">
      {message}
    </p>
  );
}

/** `initiallyOpen`: mounted by the page's button already clicked (see new-order-button.tsx). */
export function NewOrderDialog({ initiallyOpen = false }: { initiallyOpen?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { tenantId } = useConsole();
  const base = useId();
  const [open, setOpen] = useState(initiallyOpen);
  const [draft, setDraft] = useState<OrderDraft>(() => freshDraft("USD"));
  const [errors, setErrors] = useState<FieldErrors>({});
  // Opened at mount, it is a new order as an opening below is: its own key.
  const [idempotencyKey, setIdempotencyKey] = useState(() =>
    initiallyOpen ? crypto.randomUUID() : "",
  );
  const formRef = useRef<HTMLFormElement>(null);

  const create = useMutation(
    trpc.orders.create.mutationOptions({
      onSuccess: (order) => {
        void queryClient.invalidateQueries({ queryKey: trpc.orders.pathKey() });
        setOpen(false);
        toast.success(
          `Order ${order.id.slice(0, 8)} created: ${formatMoney(order.totalAmount, order.currency)}`,
          {
            description: order.paymentIntentId
              ? "Waiting for the customer's payment."
              : "Payments are not configured on this server — the order has no payment attached.",
            action: {
              label: "View order",
              onClick: () => router.push(`/t/${tenantId}/orders/${order.id}`),
            },
          },
        );
      },
      onError: (error) =>
        toast.error("The order was not created", { description: apiErrorMessage(error) }),
    }),
  );

  const onOpenChange = (next: boolean) => {
    if (next) {
      // A new dialog is a new order: new key, empty form (keeping the last currency used).
      setDraft(freshDraft(draft.currency));
      setErrors({});
      setIdempotencyKey(crypto.randomUUID());
      create.reset();
    }
    setOpen(next);
  };

  const setItem = (index: number, patch: Partial<ItemDraft>) =>
    setDraft((d) => ({
      ...d,
      items: d.items.map((item, i) => (i === index ? { ...item, ...patch } : item)),
    }));
  const addItem = () => {
    setDraft((d) => ({ ...d, items: [...d.items, emptyItem(crypto.randomUUID())] }));
    // Focus the new line's SKU once it is rendered.
    requestAnimationFrame(() => {
      const inputs = formRef.current?.querySelectorAll<HTMLInputElement>("input[data-field='sku']");
      inputs?.[inputs.length - 1]?.focus();
    });
  };
  const removeItem = (index: number) =>
    setDraft((d) => ({ ...d, items: d.items.filter((_, i) => i !== index) }));

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (create.isPending) return;
    const result = buildCreateOrderInput(draft, idempotencyKey);
    if (!result.ok) {
      setErrors(result.errors);
      // Move focus to the first field that needs attention.
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus(),
      );
      return;
    }
    setErrors({});
    create.mutate(result.input);
  };

  const total = draftTotal(draft.items, draft.currency);
  const id = (name: string) => `${base}-${name}`;
  const invalid = (key: string) =>
    errors[key] ? { "aria-invalid": true as const, "aria-describedby": id(`${key}-error`) } : {};

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden /> New order
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-3xl">
        <DialogHeader>
          <DialogTitle>New order</DialogTitle>
          <DialogDescription>
            Prices in major units of the currency (e.g. {amountExample(draft.currency)}). The order
            starts pending until it is paid.
          </DialogDescription>
        </DialogHeader>
        <form ref={formRef} onSubmit={submit} noValidate className="grid gap-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <div className="grid gap-1">
              <Label htmlFor={id("currency")}>Currency</Label>
              <NativeSelect
                id={id("currency")}
                value={draft.currency}
                onChange={(e) => setDraft((d) => ({ ...d, currency: e.target.value }))}
                {...invalid("currency")}
              >
                {FORM_CURRENCIES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </NativeSelect>
              <FieldError id={id("currency-error")} message={errors.currency} />
            </div>
            <div className="grid gap-1">
              <Label htmlFor={id("email")}>Customer email (optional)</Label>
              <Input
                id={id("email")}
                type="email"
                autoComplete="off"
                maxLength={320}
                value={draft.customerEmail}
                onChange={(e) => setDraft((d) => ({ ...d, customerEmail: e.target.value }))}
                {...invalid("customerEmail")}
              />
              <FieldError id={id("customerEmail-error")} message={errors.customerEmail} />
            </div>
          </div>

          <div className="grid gap-3">
            <h3 className="text-sm font-semibold">Items</h3>
            {draft.items.map((item, i) => {
              const n = i + 1;
              const line = lineTotal(item, draft.currency);
              return (
                <fieldset
                  key={item.key}
                  className="grid gap-2 rounded-md border p-3 sm:grid-cols-[8rem_1fr_5rem_7rem_auto] sm:items-start"
                >
                  <legend className="px-1 text-xs font-medium text-muted-foreground">
                    Item {n}
                  </legend>
                  <div className="grid gap-1">
                    <Label htmlFor={id(`sku-${item.key}`)}>SKU</Label>
                    <Input
                      id={id(`sku-${item.key}`)}
                      data-field="sku"
                      autoComplete="off"
                      maxLength={64}
                      value={item.sku}
                      onChange={(e) => setItem(i, { sku: e.target.value })}
                      {...invalid(`items.${i}.sku`)}
                    />
                    <FieldError
                      id={id(`items.${i}.sku-error`)}
                      message={errors[`items.${i}.sku`]}
                    />
                  </div>
                  <div className="grid gap-1">
                    <Label htmlFor={id(`name-${item.key}`)}>Name</Label>
                    <Input
                      id={id(`name-${item.key}`)}
                      autoComplete="off"
                      maxLength={200}
                      value={item.name}
                      onChange={(e) => setItem(i, { name: e.target.value })}
                      {...invalid(`items.${i}.name`)}
                    />
                    <FieldError
                      id={id(`items.${i}.name-error`)}
                      message={errors[`items.${i}.name`]}
                    />
                  </div>
                  <div className="grid gap-1">
                    <Label htmlFor={id(`qty-${item.key}`)}>Quantity</Label>
                    <Input
                      id={id(`qty-${item.key}`)}
                      inputMode="numeric"
                      value={item.quantity}
                      onChange={(e) => setItem(i, { quantity: e.target.value })}
                      {...invalid(`items.${i}.quantity`)}
                    />
                    <FieldError
                      id={id(`items.${i}.quantity-error`)}
                      message={errors[`items.${i}.quantity`]}
                    />
                  </div>
                  <div className="grid gap-1">
                    <Label htmlFor={id(`price-${item.key}`)}>Unit price</Label>
                    <Input
                      id={id(`price-${item.key}`)}
                      inputMode="decimal"
                      placeholder={amountExample(draft.currency)}
                      value={item.unitPrice}
                      onChange={(e) => setItem(i, { unitPrice: e.target.value })}
                      {...invalid(`items.${i}.unitPrice`)}
                    />
                    <FieldError
                      id={id(`items.${i}.unitPrice-error`)}
                      message={errors[`items.${i}.unitPrice`]}
                    />
                  </div>
                  <div className="flex items-center gap-2 sm:flex-col sm:items-end sm:gap-1">
                    <span className="text-xs text-muted-foreground sm:mt-1">Line total</span>
                    <output className="text-sm tabular-nums" aria-label={`Item ${n} line total`}>
                      {line === null ? "—" : formatMoney(line, draft.currency)}
                    </output>
                    {draft.items.length > 1 ? (
                      <Button
                        type="button"
                        variant="ghost"
                        size="icon"
                        aria-label={`Remove item ${n}`}
                        onClick={() => removeItem(i)}
                      >
                        <Trash2 aria-hidden />
                      </Button>
                    ) : null}
                  </div>
                </fieldset>
              );
            })}
            <div className="flex flex-wrap items-center justify-between gap-2">
              <Button
                type="button"
                variant="outline"
                size="sm"
                onClick={addItem}
                disabled={draft.items.length >= MAX_ITEMS}
              >
                <Plus aria-hidden /> Add item
              </Button>
              <p className="text-sm">
                Total:{" "}
                <output className="font-semibold tabular-nums" aria-label="Order total">
                  {formatMoney(total, draft.currency)}
                </output>
              </p>
            </div>
            {errors.items ? (
              <p role="alert" className="text-sm text-destructive">
                {errors.items}
              </p>
            ) : null}
          </div>

          <div className="grid gap-1">
            <Label htmlFor={id("notes")}>Notes (optional)</Label>
            <Textarea
              id={id("notes")}
              rows={3}
              maxLength={MAX_NOTES}
              value={draft.notes}
              onChange={(e) => setDraft((d) => ({ ...d, notes: e.target.value }))}
              aria-invalid={errors.notes ? true : undefined}
              aria-describedby={
                errors.notes ? `${id("notes-hint")} ${id("notes-error")}` : id("notes-hint")
              }
            />
            <p id={id("notes-hint")} className="text-xs text-muted-foreground">
              Notes pass the workspace&apos;s PHI policy: identifiers may be masked, or the order
              refused.
            </p>
            <FieldError id={id("notes-error")} message={errors.notes} />
          </div>

          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending} aria-busy={create.isPending}>
              Create order
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
