"use client";
// The tenant's settings form. Admins and owners edit and save (only changed fields are sent); members
// and viewers see the same values read-only, without a Save button. Saving a new name or time zone
// refreshes the console shell, which shows both.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { toast } from "sonner";
import type { RouterInputs, RouterOutputs } from "@frontdesk/api";
import { apiErrorMessage } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { formatDateTime } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { QueryState } from "@/components/query-state";
import { TimeZoneSelect } from "@/components/time-zone-select";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { useTRPC } from "@/trpc/react";
import { reminderChoices } from "./reminder-lead";

type Tenant = RouterOutputs["tenant"]["get"];
type Update = RouterInputs["tenant"]["update"];

export function Profile({ timeZones }: { timeZones: readonly string[] }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.tenant.get.queryOptions());
  const { isAdmin } = useConsole();
  return (
    <>
      <PageHeader
        title="Profile"
        description={
          isAdmin
            ? "Your tenant's name, time zone, booking emails and data retention."
            : "Only admins and owners can change these settings."
        }
      />
      <QueryState query={query} label="tenant settings" loadingRows={6}>
        {(tenant) => (
          // Re-mounted when the saved tenant changes, so the form starts from what the server has.
          <ProfileForm
            key={JSON.stringify(tenant)}
            tenant={tenant}
            canEdit={isAdmin}
            timeZones={timeZones}
          />
        )}
      </QueryState>
    </>
  );
}

interface Values {
  name: string;
  timeZone: string;
  metricsDays: string;
  auditDays: string;
  phiEventsDays: string;
  deliveryLogDays: string;
  emailDays: string;
  noticesEnabled: boolean;
  reminderMinutes: string;
  bookingHoldMinutes: string;
  orderPaymentTimeoutMinutes: string;
}

function valuesOf(t: Tenant): Values {
  return {
    name: t.name,
    timeZone: t.timeZone,
    metricsDays: String(t.retention.metricsDays),
    auditDays: String(t.retention.auditDays),
    phiEventsDays: String(t.retention.phiEventsDays),
    deliveryLogDays: String(t.retention.deliveryLogDays),
    emailDays: String(t.retention.emailDays),
    noticesEnabled: t.bookingNotices.enabled,
    reminderMinutes: String(t.bookingNotices.reminderMinutes),
    bookingHoldMinutes: String(t.bookingHoldMinutes),
    orderPaymentTimeoutMinutes: String(t.orderPaymentTimeoutMinutes),
  };
}

/** The changed fields only, as the API wants them. */
function changes(from: Values, to: Values): Update {
  const update: Update = {};
  if (to.name.trim() !== from.name) update.name = to.name.trim();
  if (to.timeZone !== from.timeZone) update.timeZone = to.timeZone;
  const retention: NonNullable<Update["retention"]> = {};
  if (to.metricsDays !== from.metricsDays) retention.metricsDays = Number(to.metricsDays);
  if (to.auditDays !== from.auditDays) retention.auditDays = Number(to.auditDays);
  if (to.phiEventsDays !== from.phiEventsDays) retention.phiEventsDays = Number(to.phiEventsDays);
  if (to.deliveryLogDays !== from.deliveryLogDays)
    retention.deliveryLogDays = Number(to.deliveryLogDays);
  if (to.emailDays !== from.emailDays) retention.emailDays = Number(to.emailDays);
  if (Object.keys(retention).length > 0) update.retention = retention;
  const notices: NonNullable<Update["bookingNotices"]> = {};
  if (to.noticesEnabled !== from.noticesEnabled) notices.enabled = to.noticesEnabled;
  if (to.reminderMinutes !== from.reminderMinutes)
    notices.reminderMinutes = Number(to.reminderMinutes);
  if (Object.keys(notices).length > 0) update.bookingNotices = notices;
  if (to.bookingHoldMinutes !== from.bookingHoldMinutes)
    update.bookingHoldMinutes = Number(to.bookingHoldMinutes);
  if (to.orderPaymentTimeoutMinutes !== from.orderPaymentTimeoutMinutes)
    update.orderPaymentTimeoutMinutes = Number(to.orderPaymentTimeoutMinutes);
  return update;
}

function NumberField({
  id,
  label,
  hint,
  min,
  max,
  value,
  onChange,
}: {
  id: string;
  label: string;
  hint: string;
  min: number;
  max: number;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        type="number"
        inputMode="numeric"
        required
        min={min}
        max={max}
        step={1}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={`${id}-hint`}
        className="max-w-40"
      />
      <p id={`${id}-hint`} className="text-xs text-muted-foreground">
        {hint}
      </p>
    </div>
  );
}

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description: string;
  children: ReactNode;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 sm:grid-cols-2">{children}</CardContent>
    </Card>
  );
}

function ProfileForm({
  tenant,
  canEdit,
  timeZones,
}: {
  tenant: Tenant;
  canEdit: boolean;
  timeZones: readonly string[];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { timeZone: consoleZone } = useConsole();
  const saved = valuesOf(tenant);
  const [values, setValues] = useState<Values>(saved);
  const set = (key: Exclude<keyof Values, "noticesEnabled">) => (value: string) =>
    setValues((v) => ({ ...v, [key]: value }));
  const update = changes(saved, values);
  const dirty = Object.keys(update).length > 0;

  const save = useMutation(
    trpc.tenant.update.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.tenant.get.queryKey(), next);
        toast.success("Settings saved");
        // The sidebar shows the name and every page formats times in the zone: re-render the shell.
        if (next.name !== tenant.name || next.timeZone !== tenant.timeZone) router.refresh();
      },
      onError: (error) => toast.error(apiErrorMessage(error)),
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (!dirty) return;
    save.mutate(update);
  }

  return (
    <form onSubmit={onSubmit} className="grid max-w-3xl gap-4" aria-label="Tenant settings">
      <fieldset disabled={!canEdit || save.isPending} className="contents">
        <Section title="General" description="How the tenant is named and which clock it runs on.">
          <div className="grid gap-1.5 sm:col-span-2">
            <Label htmlFor="tenant-name">Tenant name</Label>
            <Input
              id="tenant-name"
              required
              maxLength={200}
              value={values.name}
              onChange={(e) => set("name")(e.target.value)}
            />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="tenant-time-zone">Time zone</Label>
            <TimeZoneSelect
              id="tenant-time-zone"
              options={timeZones}
              value={values.timeZone}
              onChange={(e) => set("timeZone")(e.target.value)}
              aria-describedby="tenant-time-zone-hint"
            />
            <p id="tenant-time-zone-hint" className="text-xs text-muted-foreground">
              Availability, report buckets and the times shown in the console use it.
            </p>
          </div>
          <dl className="grid grid-cols-[auto_1fr] content-start gap-x-4 gap-y-1 text-sm">
            <dt className="text-muted-foreground">Slug</dt>
            <dd className="font-mono">{tenant.slug}</dd>
            <dt className="text-muted-foreground">Plan</dt>
            <dd>
              <Badge variant="secondary" className="capitalize">
                {tenant.plan}
              </Badge>
            </dd>
            <dt className="text-muted-foreground">Created</dt>
            <dd>{formatDateTime(tenant.createdAt, consoleZone)}</dd>
          </dl>
        </Section>
        <Section
          title="Data retention"
          description="How long each kind of record is kept. A daily job deletes what is older, in small batches."
        >
          <NumberField
            id="retention-metrics"
            label="Metrics retention (days)"
            hint="Deletes raw metric points older than this (1 to 3650 days). Hourly rollups are kept, so charts by hour, day, week or month still show older periods; minute buckets need the raw points."
            min={1}
            max={3650}
            value={values.metricsDays}
            onChange={set("metricsDays")}
          />
          <NumberField
            id="retention-audit"
            label="Audit log retention (days)"
            hint="Deletes audit log entries older than this (2190 to 3650 days: at least six years, as HIPAA requires)."
            min={2190}
            max={3650}
            value={values.auditDays}
            onChange={set("auditDays")}
          />
          <NumberField
            id="retention-phi"
            label="PHI events retention (days)"
            hint="Deletes PHI detection events (masked findings) older than this (1 to 3650 days). The records they were found in are not touched."
            min={1}
            max={3650}
            value={values.phiEventsDays}
            onChange={set("phiEventsDays")}
          />
          <NumberField
            id="retention-delivery-logs"
            label="Delivery logs retention (days)"
            hint="Deletes outbound webhook events older than this, with their deliveries and attempt logs, once every delivery has settled (one still being retried is kept), and sent or failed notifications (1 to 3650 days)."
            min={1}
            max={3650}
            value={values.deliveryLogDays}
            onChange={set("deliveryLogDays")}
          />
          <NumberField
            id="retention-email"
            label="Email retention (days)"
            hint="Deletes booking emails (confirmations, changes, reminders) queued longer ago than this, and what the development mailbox kept of them; one still being sent is kept (7 to 3650 days: a reminder's record stops it going out twice)."
            min={7}
            max={3650}
            value={values.emailDays}
            onChange={set("emailDays")}
          />
          <p className="text-sm text-muted-foreground sm:col-span-2">
            Recipients&apos; addresses are not kept with sent email: once a message is sent only a
            keyed fingerprint of the address remains. A message that failed every attempt keeps it
            for 7 days, so it can be sent again from the Health page.
          </p>
        </Section>
        <Section
          title="Booking emails"
          description="Emails to attendees: a confirmation, cancellation and reschedule notice, and a reminder. Each has a link to see or cancel the booking and one to unsubscribe; no notes or other free text."
        >
          <div className="flex items-start gap-3 sm:col-span-2">
            <Switch
              id="notices-enabled"
              checked={values.noticesEnabled}
              onCheckedChange={(checked) => setValues((v) => ({ ...v, noticesEnabled: checked }))}
              aria-describedby="notices-enabled-hint"
            />
            <div className="grid gap-1">
              <Label htmlFor="notices-enabled">Email attendees about their bookings</Label>
              <p id="notices-enabled-hint" className="text-xs text-muted-foreground">
                Off: no confirmations, changes or reminders are sent to attendees (bookings already
                queued still go out).
              </p>
            </div>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="reminder-lead">Reminder</Label>
            <NativeSelect
              id="reminder-lead"
              value={values.reminderMinutes}
              onChange={(e) => set("reminderMinutes")(e.target.value)}
              disabled={!values.noticesEnabled}
              aria-describedby="reminder-lead-hint"
              className="max-w-56"
            >
              {reminderChoices(Number(saved.reminderMinutes)).map((c) => (
                <option key={c.value} value={String(c.value)}>
                  {c.label}
                </option>
              ))}
            </NativeSelect>
            <p id="reminder-lead-hint" className="text-xs text-muted-foreground">
              How long before a confirmed booking its reminder goes out, once. Bookings made after
              that time get none (their confirmation has just been sent).
            </p>
          </div>
        </Section>
        <Section
          title="Bookings and orders"
          description="Timeouts for unconfirmed bookings and unpaid orders."
        >
          <NumberField
            id="booking-hold"
            label="Booking hold (minutes)"
            hint="How long a booking awaiting confirmation holds its slot (1 to 1440)."
            min={1}
            max={1440}
            value={values.bookingHoldMinutes}
            onChange={set("bookingHoldMinutes")}
          />
          <NumberField
            id="order-timeout"
            label="Order payment timeout (minutes)"
            hint="Unpaid orders expire after this (5 to 43200)."
            min={5}
            max={43_200}
            value={values.orderPaymentTimeoutMinutes}
            onChange={set("orderPaymentTimeoutMinutes")}
          />
        </Section>
      </fieldset>
      {canEdit ? (
        <div className="flex gap-2">
          <Button type="submit" disabled={!dirty || save.isPending}>
            {save.isPending ? "Saving…" : "Save"}
          </Button>
          <Button
            type="button"
            variant="outline"
            disabled={!dirty || save.isPending}
            onClick={() => setValues(saved)}
          >
            Reset
          </Button>
        </div>
      ) : null}
    </form>
  );
}
