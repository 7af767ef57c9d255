"use client";
// "Add endpoint" and "Edit endpoint": URL, description, the event types it wants (every type, which
// includes types added later, or a chosen few) and, when editing, whether it is enabled. A new
// endpoint's signing secret is shown once, right after it is created.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import type { RouterOutputs } from "@frontdesk/api";
import { DialogFormFooter } from "@/components/dialog-form-footer";
import { apiErrorMessage } from "@/components/api-error";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/trpc/react";
import { eventGroups, type EventCatalogue, type EventType } from "./event-types";
import { SecretReveal } from "../_components/secret-reveal-dialog";
import { signingSecretRevealed } from "./signing-secret-reveal";

type Endpoint = RouterOutputs["webhooks"]["endpoints"]["list"]["items"][number];
type Created = RouterOutputs["webhooks"]["endpoints"]["create"];

interface FormState {
  url: string;
  description: string;
  /** null: every event type. */
  events: EventType[] | null;
  enabled: boolean;
}

const EMPTY: FormState = { url: "", description: "", events: null, enabled: true };

function fromEndpoint(endpoint: Endpoint, catalogue: EventCatalogue): FormState {
  return {
    url: endpoint.url,
    description: endpoint.description ?? "",
    events: endpoint.events ? catalogue.types.filter((t) => endpoint.events?.includes(t)) : null,
    enabled: endpoint.enabled,
  };
}

function EndpointForm({
  catalogue,
  idPrefix,
  initial,
  editing,
  pending,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  catalogue: EventCatalogue;
  idPrefix: string;
  initial: FormState;
  editing: boolean;
  pending: boolean;
  submitLabel: string;
  onSubmit: (state: FormState) => void;
  onCancel: () => void;
}) {
  const [state, setState] = useState<FormState>(initial);
  const [eventsError, setEventsError] = useState(false);
  const groups = eventGroups(catalogue.types);

  function toggle(type: EventType, checked: boolean): void {
    setEventsError(false);
    setState((s) => {
      const current = s.events ?? [];
      const next = checked
        ? catalogue.types.filter((t) => t === type || current.includes(t))
        : current.filter((t) => t !== type);
      return { ...s, events: next };
    });
  }

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (state.events !== null && state.events.length === 0) {
      setEventsError(true);
      return;
    }
    onSubmit({ ...state, url: state.url.trim(), description: state.description.trim() });
  }

  return (
    <form onSubmit={submit} className="grid gap-4">
      <div className="grid gap-1.5">
        <Label htmlFor={`${idPrefix}-url`}>Endpoint URL</Label>
        <Input
          id={`${idPrefix}-url`}
          type="url"
          required
          maxLength={2048}
          autoComplete="off"
          spellCheck={false}
          placeholder="https://example.com/frontdesk/webhooks"
          aria-describedby={`${idPrefix}-url-hint`}
          value={state.url}
          onChange={(e) => setState((s) => ({ ...s, url: e.target.value }))}
        />
        <span id={`${idPrefix}-url-hint`} className="text-xs text-muted-foreground">
          A public https:// address of your system. Addresses on private networks are refused when
          Frontdesk connects.
        </span>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor={`${idPrefix}-description`}>Description (optional)</Label>
        <Textarea
          id={`${idPrefix}-description`}
          maxLength={500}
          rows={2}
          placeholder="e.g. Booking assistant production"
          value={state.description}
          onChange={(e) => setState((s) => ({ ...s, description: e.target.value }))}
        />
      </div>
      <fieldset
        className="grid gap-2"
        aria-describedby={eventsError ? `${idPrefix}-events-error` : undefined}
      >
        <legend className="mb-1 text-sm font-medium">Events</legend>
        <div className="flex items-start gap-2">
          <Checkbox
            id={`${idPrefix}-all-events`}
            checked={state.events === null}
            onCheckedChange={(checked) => {
              setEventsError(false);
              setState((s) => ({ ...s, events: checked === true ? null : [] }));
            }}
            aria-describedby={`${idPrefix}-all-events-hint`}
            className="mt-0.5"
          />
          <div className="grid gap-0.5">
            <Label htmlFor={`${idPrefix}-all-events`}>All events</Label>
            <span id={`${idPrefix}-all-events-hint`} className="text-xs text-muted-foreground">
              Every type, including types Frontdesk adds later.
            </span>
          </div>
        </div>
        {state.events !== null ? (
          <div className="grid max-h-64 gap-3 overflow-y-auto rounded-md border p-3 sm:grid-cols-2">
            {groups.map((group) => (
              <div
                key={group.label}
                role="group"
                aria-label={group.label}
                className="grid content-start gap-1.5"
              >
                <span className="text-xs font-semibold text-muted-foreground uppercase">
                  {group.label}
                </span>
                {group.types.map((type) => (
                  <div key={type} className="flex items-center gap-2">
                    <Checkbox
                      id={`${idPrefix}-event-${type}`}
                      checked={state.events?.includes(type) ?? false}
                      onCheckedChange={(checked) => toggle(type, checked === true)}
                    />
                    <Label htmlFor={`${idPrefix}-event-${type}`} className="font-mono text-xs">
                      {type}
                    </Label>
                  </div>
                ))}
              </div>
            ))}
          </div>
        ) : null}
        {eventsError ? (
          <p id={`${idPrefix}-events-error`} role="alert" className="text-sm text-destructive">
            Choose at least one event type, or All events.
          </p>
        ) : null}
      </fieldset>
      {editing ? (
        <div className="flex items-start gap-3">
          <Switch
            id={`${idPrefix}-enabled`}
            checked={state.enabled}
            onCheckedChange={(checked) => setState((s) => ({ ...s, enabled: checked }))}
            aria-describedby={`${idPrefix}-enabled-hint`}
          />
          <div className="grid gap-0.5">
            <Label htmlFor={`${idPrefix}-enabled`}>Enabled</Label>
            <span id={`${idPrefix}-enabled-hint`} className="text-xs text-muted-foreground">
              A disabled endpoint gets no new events. Enabling it again clears an automatic disable
              and its reason.
            </span>
          </div>
        </div>
      ) : null}
      <DialogFormFooter
        onCancel={onCancel}
        pending={pending}
        submitLabel={submitLabel}
        pendingLabel="Saving…"
      />
    </form>
  );
}

export function CreateEndpointDialog({ catalogue }: { catalogue: EventCatalogue }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  // A new form (fresh state) each time the dialog opens.
  const [formKey, setFormKey] = useState(0);

  const create = useMutation(
    trpc.webhooks.endpoints.create.mutationOptions({
      onSuccess: (endpoint) => {
        setCreated(endpoint);
        toast.success("Webhook endpoint added");
        void queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
      },
      onError: (error) => toast.error(apiErrorMessage(error)),
    }),
  );

  function onOpenChange(next: boolean): void {
    setOpen(next);
    if (!next) {
      // Forget the secret as soon as the dialog closes.
      setCreated(null);
      setFormKey((k) => k + 1);
      create.reset();
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden /> Add endpoint
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        {created ? (
          <SecretReveal
            revealed={signingSecretRevealed("Copy the signing secret", created)}
            onDone={() => onOpenChange(false)}
          />
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>Add webhook endpoint</DialogTitle>
              <DialogDescription>
                Frontdesk POSTs each event to this URL, signed per the Standard Webhooks
                specification, and retries failures for about a day.
              </DialogDescription>
            </DialogHeader>
            <EndpointForm
              catalogue={catalogue}
              key={formKey}
              idPrefix="endpoint-new"
              initial={EMPTY}
              editing={false}
              pending={create.isPending}
              submitLabel="Add endpoint"
              onCancel={() => onOpenChange(false)}
              onSubmit={(s) =>
                create.mutate({
                  url: s.url,
                  description: s.description || undefined,
                  events: s.events ?? undefined,
                })
              }
            />
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}

export function EditEndpointDialog({
  catalogue,
  endpoint,
  onClose,
}: {
  catalogue: EventCatalogue;
  endpoint: Endpoint | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(
    trpc.webhooks.endpoints.update.mutationOptions({
      onSuccess: () => {
        toast.success("Webhook endpoint saved");
        void queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
        onClose();
      },
      onError: (error) => toast.error(apiErrorMessage(error)),
    }),
  );

  return (
    <Dialog
      open={endpoint !== null}
      onOpenChange={(next) => {
        if (!next) {
          update.reset();
          onClose();
        }
      }}
    >
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Edit webhook endpoint</DialogTitle>
          <DialogDescription>
            Changes apply to events written from now on; deliveries still queued go to the new URL.
          </DialogDescription>
        </DialogHeader>
        {endpoint ? (
          <EndpointForm
            catalogue={catalogue}
            key={endpoint.id}
            idPrefix="endpoint-edit"
            initial={fromEndpoint(endpoint, catalogue)}
            editing
            pending={update.isPending}
            submitLabel="Save endpoint"
            onCancel={onClose}
            onSubmit={(s) =>
              update.mutate({
                id: endpoint.id,
                url: s.url,
                description: s.description || null,
                events: s.events,
                ...(s.enabled !== endpoint.enabled ? { enabled: s.enabled } : {}),
              })
            }
          />
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
