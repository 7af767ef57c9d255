"use client";
// "Annotate session": a person scores a conversation by hand (`scores.record`, source "annotation").
// The value input follows the chosen config's kind; each opening gets its own idempotency key, so a
// double submit or a retry after a timeout records the annotation once.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { PenLine } from "lucide-react";
import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { apiErrorMessage } from "@/components/api-error";
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
import { describeConfig, emptyDraft, parseScoreValue, type ValueDraft } from "./score-forms";
import { ScoreValueInput } from "./score-value-input";
import { CONFIGS_INPUT } from "./scores-view";

/** `initiallyOpen`: mounted by the page's button already clicked (see annotate-button.tsx). */
export function AnnotateDialog({
  defaultSessionId,
  initiallyOpen = false,
}: {
  defaultSessionId: string | null;
  initiallyOpen?: boolean;
}) {
  const [open, setOpen] = useState(initiallyOpen);
  // A fresh form (and idempotency key) per opening.
  const [opening, setOpening] = useState(0);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) setOpening((n) => n + 1);
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <PenLine aria-hidden /> Annotate session
        </Button>
      </DialogTrigger>
      <DialogContent>
        <AnnotateForm
          key={opening}
          defaultSessionId={defaultSessionId}
          onDone={() => setOpen(false)}
        />
      </DialogContent>
    </Dialog>
  );
}

function AnnotateForm({
  defaultSessionId,
  onDone,
}: {
  defaultSessionId: string | null;
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ids = useId();
  const configs = useQuery(trpc.scores.configs.list.queryOptions(CONFIGS_INPUT));
  const active = (configs.data ?? []).filter((c) => c.archivedAt === null);
  const [sessionId, setSessionId] = useState(defaultSessionId ?? "");
  const [name, setName] = useState("");
  const [draft, setDraft] = useState<ValueDraft>("");
  const [comment, setComment] = useState("");
  const [problems, setProblems] = useState<{ sessionId?: string; name?: string; value?: string }>(
    {},
  );
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const config = active.find((c) => c.name === name) ?? null;

  const record = useMutation(
    trpc.scores.record.mutationOptions({
      onSuccess: async (score) => {
        toast.success(`Annotation "${score.name}" saved for session ${score.sessionId}`);
        onDone();
        await queryClient.invalidateQueries({ queryKey: trpc.scores.pathKey() });
      },
      onError: (error) => toast.error(`Could not save the annotation: ${apiErrorMessage(error)}`),
    }),
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: typeof problems = {};
    const session = sessionId.trim();
    if (session === "") next.sessionId = "Enter the session id";
    else if (session.length > 200) next.sessionId = "A session id is at most 200 characters";
    if (!config) next.name = "Choose a score";
    const parsed = config ? parseScoreValue(config.kind, draft, config) : null;
    if (parsed && !parsed.ok) next.value = parsed.message;
    setProblems(next);
    if (Object.keys(next).length > 0 || !config || !parsed?.ok) return;
    record.mutate({
      sessionId: session,
      name: config.name,
      value: parsed.value,
      source: "annotation",
      ...(comment.trim() === "" ? {} : { comment: comment.trim() }),
      idempotencyKey,
    });
  };

  const field = (key: string) => `${ids}-${key}`;
  return (
    <form onSubmit={submit} noValidate className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Annotate a session</DialogTitle>
        <DialogDescription>
          Score a conversation by hand. It is recorded with the source “annotation”.
        </DialogDescription>
      </DialogHeader>
      <div className="grid gap-1.5">
        <Label htmlFor={field("session")}>Session ID</Label>
        <Input
          id={field("session")}
          value={sessionId}
          autoComplete="off"
          onChange={(e) => setSessionId(e.target.value)}
          aria-invalid={problems.sessionId !== undefined}
          aria-describedby={problems.sessionId ? field("session-problem") : undefined}
        />
        {problems.sessionId ? (
          <p id={field("session-problem")} className="text-xs text-red-800">
            {problems.sessionId}
          </p>
        ) : null}
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor={field("name")}>Score</Label>
        <NativeSelect
          id={field("name")}
          value={name}
          disabled={configs.isPending || active.length === 0}
          onChange={(e) => {
            const next = active.find((c) => c.name === e.target.value);
            setName(e.target.value);
            setDraft(next ? emptyDraft(next.kind) : "");
          }}
          aria-invalid={problems.name !== undefined}
          aria-describedby={field("name-help")}
        >
          <option value="">{configs.isPending ? "Loading scores…" : "Choose a score…"}</option>
          {active.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name} ({c.kind}: {describeConfig(c)})
            </option>
          ))}
        </NativeSelect>
        <p
          id={field("name-help")}
          className={problems.name ? "text-xs text-red-800" : "text-xs text-muted-foreground"}
        >
          {problems.name ??
            (configs.isError
              ? `Could not load the score configs: ${apiErrorMessage(configs.error)}`
              : !configs.isPending && active.length === 0
                ? "No score configs yet: an admin can create one under Configs."
                : (config?.description ?? "The scores configured for this tenant."))}
        </p>
      </div>
      {config ? (
        <ScoreValueInput
          id={field("value")}
          kind={config.kind}
          config={config}
          value={draft}
          onChange={setDraft}
          problem={problems.value ?? null}
        />
      ) : null}
      <div className="grid gap-1.5">
        <Label htmlFor={field("comment")}>Comment (optional)</Label>
        <Textarea
          id={field("comment")}
          value={comment}
          maxLength={5000}
          onChange={(e) => setComment(e.target.value)}
        />
      </div>
      <DialogFooter>
        <Button type="submit" disabled={record.isPending || active.length === 0}>
          {record.isPending ? "Saving…" : "Save annotation"}
        </Button>
      </DialogFooter>
    </form>
  );
}
