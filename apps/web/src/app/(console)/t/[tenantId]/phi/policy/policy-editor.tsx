"use client";
// The PHI policy: a default action, per-type overrides and the mask style. Admins edit it; everyone
// else sees the effective action per type, read-only (the API refuses their updates anyway).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { apiErrorMessage } from "@/components/api-error";
import { useConsole } from "@/components/console-context";
import { formatDateTime } from "@/components/format";
import { QueryState } from "@/components/query-state";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import { useTRPC } from "@/trpc/react";
import { useHydrated } from "@/components/use-hydrated";
import {
  MASK_STYLE_INFO,
  PHI_POLICY_ACTIONS,
  PHI_TYPES,
  PHI_TYPE_DESCRIPTIONS,
  POLICY_ACTION_INFO,
  type MaskStyle,
} from "../phi-labels";
import {
  effectiveAction,
  isDirty,
  overrideCount,
  toFormState,
  toUpdateInput,
  type PolicyFormState,
  type PolicyView,
} from "./policy-form";

const MASK_STYLES = Object.keys(MASK_STYLE_INFO) as MaskStyle[];

export function PolicyEditor() {
  const trpc = useTRPC();
  const { isAdmin } = useConsole();
  const query = useQuery(trpc.phi.policy.get.queryOptions());
  return (
    <div className="space-y-6">
      <ActionsExplained />
      <QueryState query={query} label="the PHI policy" loadingRows={8}>
        {(policy) =>
          isAdmin ? (
            // Keyed by the saved version: after a save (or someone else's, on refetch) the form restarts from it.
            <PolicyForm key={policy.updatedAt?.toISOString() ?? "default"} policy={policy} />
          ) : (
            <PolicyReadOnly policy={policy} />
          )
        }
      </QueryState>
    </div>
  );
}

function ActionsExplained() {
  return (
    <Card aria-labelledby="phi-actions-heading">
      <CardHeader>
        <CardTitle id="phi-actions-heading">What each action does</CardTitle>
        <CardDescription>
          The gate checks every free-text write (notes, comments, reasons, metadata, tags) before it
          is stored.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <dl className="grid gap-3 text-sm sm:grid-cols-2">
          {PHI_POLICY_ACTIONS.map((a) => (
            <div key={a}>
              <dt className="font-medium">{POLICY_ACTION_INFO[a].label}</dt>
              <dd className="text-muted-foreground">{POLICY_ACTION_INFO[a].explanation}</dd>
            </div>
          ))}
        </dl>
      </CardContent>
    </Card>
  );
}

function lastChanged(policy: PolicyView, timeZone: string): string {
  return policy.updatedAt
    ? `Last changed ${formatDateTime(policy.updatedAt, timeZone)}.`
    : "This tenant uses the default policy (mask everything).";
}

function PolicyForm({ policy }: { policy: PolicyView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { timeZone } = useConsole();
  const hydrated = useHydrated();
  const [form, setForm] = useState<PolicyFormState>(() => toFormState(policy));
  const dirty = isDirty(form, policy);

  const save = useMutation(
    trpc.phi.policy.update.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.phi.policy.get.queryKey(), saved);
        toast.success("PHI policy saved");
      },
      onError: (error) => toast.error(`Could not save the PHI policy: ${apiErrorMessage(error)}`),
    }),
  );

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    save.mutate(toUpdateInput(form));
  };
  const defaultLabel = POLICY_ACTION_INFO[form.defaults].label;

  return (
    <form onSubmit={submit} aria-labelledby="phi-policy-heading">
      <fieldset disabled={!hydrated} className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle id="phi-policy-heading">Policy</CardTitle>
            <CardDescription>
              {lastChanged(policy, timeZone)} {overrideCount(form)} of {PHI_TYPES.length} types
              override the default.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <div className="grid gap-1">
              <Label htmlFor="phi-policy-default">Default action</Label>
              <NativeSelect
                id="phi-policy-default"
                value={form.defaults}
                aria-describedby="phi-policy-default-hint"
                onChange={(e) => {
                  const next = PHI_POLICY_ACTIONS.find((a) => a === e.target.value);
                  if (next) setForm({ ...form, defaults: next });
                }}
              >
                {PHI_POLICY_ACTIONS.map((a) => (
                  <option key={a} value={a}>
                    {POLICY_ACTION_INFO[a].label}
                  </option>
                ))}
              </NativeSelect>
              <p id="phi-policy-default-hint" className="text-xs text-muted-foreground">
                For every type without an override. {POLICY_ACTION_INFO[form.defaults].explanation}
              </p>
            </div>
            <div className="grid gap-1">
              <Label htmlFor="phi-policy-mask-style">Mask style</Label>
              <NativeSelect
                id="phi-policy-mask-style"
                value={form.maskStyle}
                aria-describedby="phi-policy-mask-style-hint"
                onChange={(e) => {
                  const next = MASK_STYLES.find((s) => s === e.target.value);
                  if (next) setForm({ ...form, maskStyle: next });
                }}
              >
                {MASK_STYLES.map((s) => (
                  <option key={s} value={s}>
                    {MASK_STYLE_INFO[s].label}
                  </option>
                ))}
              </NativeSelect>
              <p id="phi-policy-mask-style-hint" className="text-xs text-muted-foreground">
                How masked values read in stored text and events.{" "}
                {MASK_STYLE_INFO[form.maskStyle].explanation}
              </p>
            </div>
          </CardContent>
        </Card>

        <fieldset className="rounded-lg border bg-card p-4 shadow-xs">
          <legend className="px-1 text-base font-semibold">Per-type overrides</legend>
          <p className="mb-4 text-sm text-muted-foreground">
            Choose “Use default” to remove a type&apos;s override.
          </p>
          <div className="grid gap-x-6 gap-y-4 sm:grid-cols-2 xl:grid-cols-3">
            {PHI_TYPES.map((t) => {
              const id = `phi-policy-type-${t}`;
              const choice = form.perType[t];
              return (
                <div key={t} className="grid gap-1">
                  <div className="flex items-center justify-between gap-2">
                    <Label htmlFor={id} className="font-mono">
                      {t}
                    </Label>
                    {choice !== "" ? <Badge variant="secondary">Override</Badge> : null}
                  </div>
                  <NativeSelect
                    id={id}
                    value={choice}
                    aria-describedby={`${id}-hint`}
                    onChange={(e) => {
                      const value = e.target.value;
                      const next = value === "" ? "" : PHI_POLICY_ACTIONS.find((a) => a === value);
                      if (next !== undefined)
                        setForm({ ...form, perType: { ...form.perType, [t]: next } });
                    }}
                  >
                    <option value="">Use default ({defaultLabel})</option>
                    {PHI_POLICY_ACTIONS.map((a) => (
                      <option key={a} value={a}>
                        {POLICY_ACTION_INFO[a].label}
                      </option>
                    ))}
                  </NativeSelect>
                  <p id={`${id}-hint`} className="text-xs text-muted-foreground">
                    {PHI_TYPE_DESCRIPTIONS[t]}
                  </p>
                </div>
              );
            })}
          </div>
        </fieldset>

        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save policy"}
          </Button>
          {dirty ? (
            <>
              <Button
                type="button"
                variant="outline"
                disabled={save.isPending}
                onClick={() => setForm(toFormState(policy))}
              >
                Discard changes
              </Button>
              <span className="text-sm text-muted-foreground" role="status">
                Unsaved changes
              </span>
            </>
          ) : null}
        </div>
      </fieldset>
    </form>
  );
}

function PolicyReadOnly({ policy }: { policy: PolicyView }) {
  const { timeZone } = useConsole();
  const form = toFormState(policy);
  return (
    <Card aria-labelledby="phi-policy-heading">
      <CardHeader>
        <CardTitle id="phi-policy-heading">Policy</CardTitle>
        <CardDescription>
          Only admins can change the PHI policy. {lastChanged(policy, timeZone)} Default action:{" "}
          {POLICY_ACTION_INFO[policy.defaults].label}. Mask style:{" "}
          {MASK_STYLE_INFO[policy.maskStyle].label}.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <Table>
          <caption className="visually-hidden">What the PHI policy does with each type</caption>
          <TableHeader>
            <TableRow>
              <TableHead>Type</TableHead>
              <TableHead>Description</TableHead>
              <TableHead>Action</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {PHI_TYPES.map((t) => (
              <TableRow key={t}>
                <TableCell className="font-mono">{t}</TableCell>
                <TableCell className="text-muted-foreground">{PHI_TYPE_DESCRIPTIONS[t]}</TableCell>
                <TableCell>
                  {POLICY_ACTION_INFO[effectiveAction(form, t)].label}
                  <span className="ml-1 text-xs text-muted-foreground">
                    {form.perType[t] === "" ? "(default)" : "(override)"}
                  </span>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
