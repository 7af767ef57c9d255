"use client";
// "New booking": resource, day and a free slot from bookings.slots, then the attendee, notes and
// whether the booking waits for confirmation. One idempotency key per opened dialog, so a double
// submit (or a retry after a dropped response) cannot book twice.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { apiErrorMessage } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { formatDay, formatTime } from "@/components/format";
import { QueryState } from "@/components/query-state";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/trpc/react";
import { todayInZone } from "./calendar-layout";
import { SlotPicker, type PickedSlot } from "./slot-picker";
import { useResources } from "./use-resources";

// The API's bounds (createBookingInput); checked here so mistakes show beside the field.
const NAME_MAX = 200;
const EMAIL_MAX = 320;
const NOTES_MAX = 5000;
const EMAIL = /^[^\s@]+@[^\s@][^\s.@]*\.[^\s@]+$/;

interface FieldErrors {
  resource?: string;
  slot?: string;
  name?: string;
  email?: string;
}

export function NewBookingDialog({
  defaultResourceId,
  defaultDate,
}: {
  defaultResourceId: string | null;
  defaultDate: string | null;
}) {
  const [open, setOpen] = useState(false);
  const resources = useResources();
  // Remounting the form on every opening starts it fresh (new idempotency key, no stale slot).
  const [session, setSession] = useState(0);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button
        onClick={() => {
          setSession((n) => n + 1);
          setOpen(true);
        }}
      >
        <Plus aria-hidden /> New booking
      </Button>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>New booking</DialogTitle>
          <DialogDescription>Pick a free slot, then enter who is coming.</DialogDescription>
        </DialogHeader>
        {open ? (
          <QueryState query={resources.query} label="resources" loadingRows={2}>
            {() => (
              <NewBookingForm
                key={session}
                defaultResourceId={defaultResourceId}
                defaultDate={defaultDate}
                onDone={() => setOpen(false)}
              />
            )}
          </QueryState>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}

function NewBookingForm({
  defaultResourceId,
  defaultDate,
  onDone,
}: {
  defaultResourceId: string | null;
  defaultDate: string | null;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { tenantId, timeZone } = useConsole();
  const id = useId();
  const { active } = useResources();

  const [resourceId, setResourceId] = useState<string>(() =>
    defaultResourceId && active.some((r) => r.id === defaultResourceId)
      ? defaultResourceId
      : (active[0]?.id ?? ""),
  );
  const resource = active.find((r) => r.id === resourceId) ?? active[0];
  const [date, setDate] = useState(
    () => defaultDate ?? todayInZone(resource?.timeZone ?? timeZone),
  );
  const [slot, setSlot] = useState<PickedSlot | null>(null);
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [notes, setNotes] = useState("");
  const [requireConfirmation, setRequireConfirmation] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  const create = useMutation(
    trpc.bookings.create.mutationOptions({
      onSuccess: async (booking) => {
        const zone = resource?.timeZone ?? timeZone;
        toast.success(
          `Booked ${formatDay(booking.start, zone)} at ${formatTime(booking.start, zone)}`,
          {
            description: `${booking.attendee.name} · ${booking.status === "pending" ? "waiting for confirmation" : "confirmed"}`,
            action: {
              label: "View",
              onClick: () => router.push(`/t/${tenantId}/bookings/${booking.id}`),
            },
          },
        );
        onDone();
        await queryClient.invalidateQueries({ queryKey: trpc.bookings.pathKey() });
      },
      onError: async (error) => {
        toast.error("Could not create the booking", { description: apiErrorMessage(error) });
        if (error.data?.code === "CONFLICT") {
          // Someone took the slot meanwhile: show what is still free.
          setSlot(null);
          await queryClient.invalidateQueries({ queryKey: trpc.bookings.slots.pathKey() });
        }
      },
    }),
  );

  if (!resource) {
    return (
      <p className="text-sm text-muted-foreground">
        There is nothing to book yet.{" "}
        <Link href={`/t/${tenantId}/bookings/resources`} className="underline">
          Create a resource
        </Link>{" "}
        first.
      </p>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: FieldErrors = {};
    if (!slot) next.slot = "Pick a time slot.";
    const trimmedName = name.trim();
    if (!trimmedName) next.name = "Enter the attendee's name.";
    else if (trimmedName.length > NAME_MAX) next.name = `At most ${NAME_MAX} characters.`;
    const trimmedEmail = email.trim();
    if (!EMAIL.test(trimmedEmail) || trimmedEmail.length > EMAIL_MAX)
      next.email = "Enter an email address such as ana@example.com.";
    setErrors(next);
    if (!slot || Object.keys(next).length > 0) return;
    create.mutate({
      slotId: slot.slotId,
      attendee: { name: trimmedName, email: trimmedEmail },
      ...(notes.trim() ? { notes } : {}),
      requireConfirmation,
      idempotencyKey,
    });
  }

  return (
    <form noValidate onSubmit={submit} className="grid gap-4" aria-label="New booking">
      <div className="grid gap-1.5">
        <Label htmlFor={`${id}-resource`}>Resource</Label>
        <NativeSelect
          id={`${id}-resource`}
          value={resource.id}
          onChange={(e) => {
            setResourceId(e.target.value);
            setSlot(null);
          }}
        >
          {active.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name} ({r.slotMinutes} min)
            </option>
          ))}
        </NativeSelect>
      </div>

      <SlotPicker
        resource={resource}
        date={date}
        onDateChange={(d) => {
          setDate(d);
          setSlot(null);
        }}
        selected={slot}
        onSelect={(s) => {
          setSlot(s);
          setErrors((e) => ({ ...e, slot: undefined }));
        }}
        error={errors.slot}
      />

      <div className="grid gap-4 sm:grid-cols-2">
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-name`}>Attendee name</Label>
          <Input
            id={`${id}-name`}
            value={name}
            maxLength={NAME_MAX}
            autoComplete="off"
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? `${id}-name-error` : undefined}
            onChange={(e) => setName(e.target.value)}
          />
          {errors.name ? (
            <p id={`${id}-name-error`} className="text-sm text-destructive">
              {errors.name}
            </p>
          ) : null}
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-email`}>Attendee email</Label>
          <Input
            id={`${id}-email`}
            type="email"
            value={email}
            maxLength={EMAIL_MAX}
            autoComplete="off"
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? `${id}-email-error` : undefined}
            onChange={(e) => setEmail(e.target.value)}
          />
          {errors.email ? (
            <p id={`${id}-email-error`} className="text-sm text-destructive">
              {errors.email}
            </p>
          ) : null}
        </div>
      </div>

      <div className="grid gap-1.5">
        <Label htmlFor={`${id}-notes`}>Notes (optional)</Label>
        <Textarea
          id={`${id}-notes`}
          value={notes}
          maxLength={NOTES_MAX}
          aria-describedby={`${id}-notes-hint`}
          onChange={(e) => setNotes(e.target.value)}
        />
        <p id={`${id}-notes-hint`} className="text-xs text-muted-foreground">
          Notes pass the tenant&apos;s PHI policy; a blocked note is refused with the reason.
        </p>
      </div>

      <div className="flex items-center gap-2">
        <Checkbox
          id={`${id}-confirm`}
          checked={requireConfirmation}
          onCheckedChange={(v) => setRequireConfirmation(v === true)}
        />
        <Label htmlFor={`${id}-confirm`}>Require confirmation</Label>
      </div>

      <DialogFooter>
        {slot ? (
          <p className="mr-auto self-center text-sm text-muted-foreground" aria-live="polite">
            {formatDay(slot.start, resource.timeZone)}, {formatTime(slot.start, resource.timeZone)}–
            {formatTime(slot.end, resource.timeZone)}
          </p>
        ) : null}
        <Button type="submit" disabled={create.isPending} aria-busy={create.isPending}>
          Create booking
        </Button>
      </DialogFooter>
    </form>
  );
}
