"use client";
// "Create API key": name, scopes (one checkbox per scope of docs/api.md), optional expiry → the secret,
// shown once.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import type { ApiKeyScope } from "@frontdesk/db";
import type { RouterOutputs } from "@frontdesk/api";
import { apiErrorMessage } from "@/components/api-error";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { useTRPC } from "@/trpc/react";
import { SCOPE_HINTS, SCOPES } from "./key-status";
import { SecretRevealDialog } from "../_components/secret-reveal-dialog";
import { apiKeyRevealed } from "./secret-reveal";

type Created = RouterOutputs["apiKeys"]["create"];

const EXPIRY_OPTIONS = [
  { value: "", label: "Never" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In 1 year" },
] as const;

export function CreateKeyDialog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiKeyScope[]>([]);
  const [expiry, setExpiry] = useState("");
  const [scopeError, setScopeError] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);

  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: (key) => {
        setCreated(key);
        toast.success(`API key "${key.name}" created`);
        void queryClient.invalidateQueries({ queryKey: trpc.apiKeys.pathKey() });
      },
      onError: (error) => toast.error(apiErrorMessage(error)),
    }),
  );

  function onOpenChange(next: boolean): void {
    setOpen(next);
    if (!next) {
      // Forget the secret as soon as the dialog closes.
      setCreated(null);
      setName("");
      setScopes([]);
      setExpiry("");
      setScopeError(false);
      create.reset();
    }
  }

  function toggle(scope: ApiKeyScope, checked: boolean): void {
    setScopeError(false);
    setScopes((current) =>
      checked
        ? SCOPES.filter((s) => s === scope || current.includes(s))
        : current.filter((s) => s !== scope),
    );
  }

  function onSubmit(): void {
    if (scopes.length === 0) {
      setScopeError(true);
      return;
    }
    create.mutate({
      name: name.trim(),
      scopes,
      expiresInDays: expiry ? Number(expiry) : undefined,
    });
  }

  return (
    <SecretRevealDialog
      open={open}
      onOpenChange={onOpenChange}
      trigger={
        <DialogTrigger asChild>
          <Button>
            <KeyRound aria-hidden /> Create API key
          </Button>
        </DialogTrigger>
      }
      revealed={created ? apiKeyRevealed(created) : null}
      title="Create API key"
      description="Give each integration its own key with only the scopes it needs."
      onSubmit={onSubmit}
      pending={create.isPending}
      submitLabel="Create key"
      pendingLabel="Creating…"
    >
      <div className="grid gap-1.5">
        <Label htmlFor="key-name">Key name</Label>
        <Input
          id="key-name"
          required
          maxLength={100}
          autoComplete="off"
          placeholder="e.g. Website booking widget"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <fieldset
        className="grid gap-2"
        aria-describedby={scopeError ? "key-scopes-error" : undefined}
      >
        <legend className="mb-1 text-sm font-medium">Scopes</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {SCOPES.map((scope) => (
            <div key={scope} className="flex items-start gap-2">
              <Checkbox
                id={`scope-${scope}`}
                checked={scopes.includes(scope)}
                onCheckedChange={(checked) => toggle(scope, checked === true)}
                aria-describedby={`scope-${scope}-hint`}
                className="mt-0.5"
              />
              <div className="grid gap-0.5">
                <Label htmlFor={`scope-${scope}`} className="font-mono text-xs">
                  {scope}
                </Label>
                <span id={`scope-${scope}-hint`} className="text-xs text-muted-foreground">
                  {SCOPE_HINTS[scope]}
                </span>
              </div>
            </div>
          ))}
        </div>
        {scopeError ? (
          <p id="key-scopes-error" role="alert" className="text-sm text-destructive">
            Choose at least one scope.
          </p>
        ) : null}
      </fieldset>
      <div className="grid gap-1.5">
        <Label htmlFor="key-expiry">Expires</Label>
        <NativeSelect
          id="key-expiry"
          value={expiry}
          onChange={(e) => setExpiry(e.target.value)}
          className="max-w-48"
        >
          {EXPIRY_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </NativeSelect>
      </div>
    </SecretRevealDialog>
  );
}
