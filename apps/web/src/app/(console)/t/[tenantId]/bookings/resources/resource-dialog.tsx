"use client";
// Create or edit a resource: name, description, time zone, slot length, buffer, minimum notice and
// the weekly availability. Checked in the browser the way the API checks it; the API's message is
// still shown if it refuses (e.g. a description blocked by the PHI policy).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState, type FormEvent, type ReactNode } from "react";
import { toast } from "sonner";
import { apiErrorMessage } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { Button } from "@/components/ui/button";
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
import type { Resource } from "../use-resources";
import { AvailabilityEditor } from "./availability-editor";
import {
  availabilityFromRows,
  emptyWeek,
  newRowKey,
  parseWholeNumber,
  rowsFromAvailability,
  type WeekRows,
} from "./resource-form-model";

const NAME_MAX = 200;
const DESCRIPTION_MAX = 2000;

/** A dialog around the form; `resource` absent = create. The trigger is rendered by the caller. */
export function ResourceDialog({
  open,
  onOpenChange,
  resource,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  resource?: Resource;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>{resource ? `Edit ${resource.name}` : "New resource"}</DialogTitle>
          <DialogDescription>
            {resource
              ? "Changes apply to slots offered from now on; existing bookings keep their times."
              : "Something people book: a person, a room, a device."}
          </DialogDescription>
        </DialogHeader>
        {open ? <ResourceForm resource={resource} onDone={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

interface Errors {
  name?: string;
  slotMinutes?: string;
  bufferMinutes?: string;
  minNoticeMinutes?: string;
}

function timeZones(current: string[]): string[] {
  const all = new Set(
    typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [],
  );
  for (const zone of current) all.add(zone);
  all.add("UTC");
  return [...all].sort();
}

function ResourceForm({ resource, onDone }: { resource?: Resource; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { timeZone: tenantZone } = useConsole();
  const id = useId();
  const [name, setName] = useState(resource?.name ?? "");
  const [description, setDescription] = useState(resource?.description ?? "");
  const [timeZone, setTimeZone] = useState(resource?.timeZone ?? tenantZone);
  const [slotMinutes, setSlotMinutes] = useState(String(resource?.slotMinutes ?? 30));
  const [bufferMinutes, setBufferMinutes] = useState(String(resource?.bufferMinutes ?? 0));
  const [minNoticeMinutes, setMinNoticeMinutes] = useState(
    String(resource?.minNoticeMinutes ?? 60),
  );
  const [week, setWeek] = useState<WeekRows>(() => {
    if (resource) return rowsFromAvailability(resource.availability);
    // A new resource starts with a working week the user can adjust.
    const rows = emptyWeek();
    for (const weekday of [1, 2, 3, 4, 5])
      rows[weekday] = [{ key: newRowKey(), start: "09:00", end: "17:00" }];
    return rows;
  });
  const [errors, setErrors] = useState<Errors>({});
  const [submitted, setSubmitted] = useState(false);
  const zones = useMemo(
    () => timeZones([tenantZone, resource?.timeZone ?? tenantZone]),
    [tenantZone, resource?.timeZone],
  );
  // Row errors show once the user has tried to save, then update as they type.
  const availability = availabilityFromRows(week);

  const onSuccess = async (saved: Resource) => {
    toast.success(resource ? `Saved ${saved.name}` : `Created ${saved.name}`);
    onDone();
    // Availability changes the slots on offer, so refresh those too.
    await queryClient.invalidateQueries({ queryKey: trpc.bookings.pathKey() });
  };
  const onError = (error: { message: string }) => {
    toast.error(resource ? "Could not save the resource" : "Could not create the resource", {
      description: apiErrorMessage(error),
    });
  };
  const create = useMutation(
    trpc.bookings.resources.create.mutationOptions({ onSuccess, onError }),
  );
  const update = useMutation(
    trpc.bookings.resources.update.mutationOptions({ onSuccess, onError }),
  );
  const pending = create.isPending || update.isPending;

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    const next: Errors = {};
    const trimmed = name.trim();
    if (!trimmed) next.name = "Enter a name.";
    const slot = parseWholeNumber(slotMinutes, "Slot length", 5, 480);
    const buffer = parseWholeNumber(bufferMinutes, "Buffer", 0, 240);
    const notice = parseWholeNumber(minNoticeMinutes, "Minimum notice", 0, 525_600);
    if (slot.error) next.slotMinutes = slot.error;
    if (buffer.error) next.bufferMinutes = buffer.error;
    if (notice.error) next.minNoticeMinutes = notice.error;
    setErrors(next);
    if (
      Object.keys(next).length > 0 ||
      Object.keys(availability.errors).length > 0 ||
      availability.formError ||
      slot.value === null ||
      buffer.value === null ||
      notice.value === null
    ) {
      return;
    }
    const fields = {
      name: trimmed,
      timeZone,
      slotMinutes: slot.value,
      bufferMinutes: buffer.value,
      minNoticeMinutes: notice.value,
      availability: availability.windows,
    };
    if (resource) {
      update.mutate({
        id: resource.id,
        ...fields,
        description: description.trim() ? description : null,
      });
    } else {
      create.mutate({ ...fields, ...(description.trim() ? { description } : {}) });
    }
  }

  return (
    <form
      noValidate
      onSubmit={submit}
      className="grid gap-4"
      aria-label={resource ? `Edit ${resource.name}` : "New resource"}
    >
      <Field id={`${id}-name`} label="Name" error={errors.name}>
        <Input
          id={`${id}-name`}
          value={name}
          maxLength={NAME_MAX}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? `${id}-name-error` : undefined}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <Field id={`${id}-description`} label="Description (optional)">
        <Textarea
          id={`${id}-description`}
          value={description}
          maxLength={DESCRIPTION_MAX}
          onChange={(e) => setDescription(e.target.value)}
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id={`${id}-zone`} label="Time zone">
          <NativeSelect
            id={`${id}-zone`}
            value={timeZone}
            onChange={(e) => setTimeZone(e.target.value)}
          >
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <NumberField
          id={`${id}-slot`}
          label="Slot length (minutes)"
          value={slotMinutes}
          onChange={setSlotMinutes}
          min={5}
          max={480}
          error={errors.slotMinutes}
        />
        <NumberField
          id={`${id}-buffer`}
          label="Buffer between bookings (minutes)"
          value={bufferMinutes}
          onChange={setBufferMinutes}
          min={0}
          max={240}
          error={errors.bufferMinutes}
        />
        <NumberField
          id={`${id}-notice`}
          label="Minimum notice (minutes)"
          value={minNoticeMinutes}
          onChange={setMinNoticeMinutes}
          min={0}
          max={525_600}
          error={errors.minNoticeMinutes}
        />
      </div>
      <AvailabilityEditor
        value={week}
        onChange={setWeek}
        errors={submitted ? availability.errors : {}}
        formError={submitted ? availability.formError : null}
      />
      <DialogFooter>
        <Button type="submit" disabled={pending} aria-busy={pending}>
          {resource ? "Save changes" : "Create resource"}
        </Button>
      </DialogFooter>
    </form>
  );
}

function Field({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="grid content-start gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function NumberField({
  id,
  label,
  value,
  onChange,
  min,
  max,
  error,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  min: number;
  max: number;
  error?: string;
}) {
  return (
    <Field id={id} label={label} error={error}>
      <Input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}
